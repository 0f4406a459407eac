package dev.ccy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Files ccy ships in its jar, and the temporary directories it works in. */
public final class Resources {
    private Resources() {
    }

    /** A text file from ccy's jar, e.g. {@code /templates/session-entrypoint.sh}. */
    public static String builtIn(String path) {
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new CcyException(path + " is missing from ccy's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CcyException("cannot read " + path + " from ccy's jar: " + e.getMessage());
        }
    }

    /** Removes a temporary directory and what is in it, best effort (a leftover in /tmp is harmless). */
    public static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                p.toFile().delete();
                dev.ccy.TestPause.at("delete-tree.file");
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
