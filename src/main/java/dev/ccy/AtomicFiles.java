package dev.ccy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files written whole or not at all: a temp file beside the target, synced, then renamed over it,
 * so a crash, a full disk or a kill leaves the old file or the new one, never half of either.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes content to a file only if it differs, atomically (temp file, then rename). */
    public static void writeIfChanged(Path target, String content, String perms) {
        try {
            // compare only with a plain file of about the right size: never read through a symlink or a fifo
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    && Files.size(target) <= (long) content.length() * 4 + 16
                    && Files.readString(target, StandardCharsets.UTF_8).equals(content)
                    && PosixFilePermissions.toString(Files.getPosixFilePermissions(target)).equals(perms)) {
                return;
            }
            Files.createDirectories(target.getParent());
            Path tmp = writeTemp(target.getParent(), "." + target.getFileName(), content, perms);
            TestPause.at("write.temp");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CcyException("cannot write " + target + ": " + oneLine(e));
        }
    }

    /** An I/O error's message on one line (a disk-full error says "No space left on device"). */
    public static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("[\\r\\n]+", " ").strip();
    }

    /**
     * A synced temp file with the content in {@code dir}, for a caller that puts it in place itself
     * (SessionStore links it, so a slot is never overwritten); its name ends in .tmp.
     */
    public static Path writeTemp(Path dir, String prefix, String content, String perms) throws IOException {
        Set<PosixFilePermission> p = PosixFilePermissions.fromString(perms);
        // the temp name does not end in .container, so a concurrent generator run never reads it half-written
        Path tmp = Files.createTempFile(dir, prefix, ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.setPosixFilePermissions(tmp, p);
        return tmp;
    }
}
