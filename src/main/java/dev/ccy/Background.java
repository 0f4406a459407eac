package dev.ccy;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work started ahead of need, each on its own daemon thread: ccy's background work mostly waits
 * (for podman, for D-Bus), and the common pool has a single thread on a two-core machine, where it
 * would run them one after another.
 */
public final class Background {
    private Background() {
    }

    public static <T> CompletableFuture<T> start(String what, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, r -> {
            Thread t = new Thread(r, "ccy-" + what);
            t.setDaemon(true);
            t.start();
        });
    }
}
