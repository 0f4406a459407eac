package dev.ccy.session.store;

import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ccy's per-user lock, held from {@link SessionStore#lock} until closed. Its close throws no
 * checked exception, so a caller's try-with-resources needs no catch of its own; a lock that
 * cannot be released is released by the process's exit.
 */
public final class StoreLock implements AutoCloseable {
    // file locks exclude other processes only; threads of this JVM queue on THREADS first
    private static final ReentrantLock THREADS = new ReentrantLock();

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock take(Path lockFile) {
        THREADS.lock();
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new StoreLock(ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            THREADS.unlock();
            throw new CcyException("cannot lock " + lockFile + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel failed after the release, or the process's exit releases it
        } finally {
            THREADS.unlock();
        }
    }
}
