package dev.bss.experiments.suite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive claim on one run of a suite, so that several {@code bss experiment} processes started on the same
 * suite folder share its runs instead of training the same one twice (one worker per core: the engine uses one
 * thread well on small models).
 *
 * <p>The claim is an operating-system file lock on {@code DIR/.locks/<variant>.seed-<k>.lock}: the kernel releases
 * it when the process ends, however it ends, so a killed worker never leaves a run claimed. Lock files are kept
 * (deleting one while another process opens it would let two processes hold "the" lock). Valid between processes
 * of one machine; network file systems may not honour the lock.
 */
public final class RunClaim implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunClaim(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of one run. */
    public static Path lockFile(Path suiteDir, String variant, int seed) {
        return suiteDir.resolve(".locks").resolve(variant + ".seed-" + seed + ".lock");
    }

    /**
     * Claims a run.
     *
     * @return the claim, or empty when another process (or another runner in this JVM) holds it
     * @throws IOException when the lock file cannot be created or locked
     */
    public static Optional<RunClaim> tryAcquire(Path suiteDir, String variant, int seed) throws IOException {
        Path file = lockFile(suiteDir, variant, seed);
        Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new RunClaim(ch, l));
        } catch (OverlappingFileLockException e) {
            ch.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
