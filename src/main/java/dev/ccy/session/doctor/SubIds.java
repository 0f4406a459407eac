package dev.ccy.session.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The subordinate ids a user has in {@code /etc/subuid} or {@code /etc/subgid} (subuid(5): lines of
 * {@code name-or-uid:start:count}). Rootless podman maps the container's users into them.
 */
public final class SubIds {
    /** What a container image with the usual users needs: 65536 ids. */
    public static final long ENOUGH = 65536;

    private SubIds() {
    }

    /** The number of ids the user has there (all their ranges); 0 when none or the file is missing. */
    public static long count(Path file, String user, long uid) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
        return count(text, user, uid);
    }

    static long count(String text, String user, long uid) {
        long total = 0;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":");
            if (f.length != 3 || !(f[0].equals(user) || f[0].equals(Long.toString(uid)))) {
                continue;
            }
            try {
                long start = Long.parseLong(f[1]);
                long n = Long.parseLong(f[2]);
                if (start >= 0 && n > 0) {
                    total += n;
                }
            } catch (NumberFormatException ignored) {
                // shadow-utils skips a malformed line too
            }
        }
        return total;
    }
}
