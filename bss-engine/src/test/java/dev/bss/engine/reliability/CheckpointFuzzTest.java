package dev.bss.engine.reliability;

import dev.bss.testkit.Mutator;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.train.CheckpointFormatException;
import dev.bss.engine.train.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Checkpoint files ({@link Checkpoints}): generated checkpoints round-trip; a mutated file (any byte flipped,
 * truncated, extended) is reported as {@link CheckpointFormatException} naming the file; a body that is
 * malformed but carries a matching checksum (a writer bug, not a disk fault) is also a typed error; and a
 * reader racing a writer only ever sees a complete old or new checkpoint (the write is atomic).
 */
class CheckpointFuzzTest {

    private static final FuzzStats MUTATED = new FuzzStats("checkpoint (mutated file)");
    private static final FuzzStats RESIGNED = new FuzzStats("checkpoint (mutated body, valid checksum)");
    private static final FuzzStats GENERATED = new FuzzStats("checkpoint (generated, round trip)");
    private static final Path DIR;
    /** Valid checkpoint files (each written with fsync, so they are made once and the tries mutate them). */
    private static final byte[][] POOL = new byte[64][];

    static {
        try {
            DIR = Files.createTempDirectory("bss-fuzz-ckpt");
            for (int i = 0; i < POOL.length; i++) {
                Path f = DIR.resolve("pool.ckpt");
                Checkpoints.write(f, random(new SplittableRandom(i)));
                POOL[i] = Files.readAllBytes(f);
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Checkpoints.Checkpoint random(SplittableRandom rng) {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        int k = rng.nextInt(5);
        for (int i = 0; i < k; i++) {
            byte[] b = new byte[rng.nextInt(200)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) rng.nextInt(256);
            }
            sections.put(new String[] {"parameters", "optimizer", "scheduler", "method", "online", "history", "é"}[i] + i, b);
        }
        return new Checkpoints.Checkpoint(1 + rng.nextInt(300), rng.nextLong(), "bss-l", sections);
    }

    private static void assertSame(Checkpoints.Checkpoint a, Checkpoints.Checkpoint b) {
        assertEquals(a.epoch(), b.epoch());
        assertEquals(a.seed(), b.seed());
        assertEquals(a.methodId(), b.methodId());
        assertEquals(a.sections().keySet(), b.sections().keySet());
        for (String s : a.sections().keySet()) {
            assertArrayEquals(a.sections().get(s), b.sections().get(s));
        }
    }

    @Property(tries = 200) // every write is fsync'ed: the fuzzing below mutates a pool instead
    void generatedCheckpointsRoundTrip(@ForAll long seed) throws IOException {
        Checkpoints.Checkpoint c = random(new SplittableRandom(seed));
        Path f = DIR.resolve("roundtrip.ckpt");
        String hex = Checkpoints.write(f, c);
        assertSame(c, Checkpoints.read(f));
        assertTrue(Files.readString(DIR.resolve("roundtrip.ckpt.sha256")).startsWith(hex));
        GENERATED.accepted();
    }

    @Property
    void mutatedFilesFailTyped(@ForAll long seed) throws IOException {
        Path f = DIR.resolve("mutated.ckpt");
        byte[] valid = POOL[(int) Math.floorMod(seed, (long) POOL.length)];
        byte[] bytes = Mutator.mutate(valid, seed, 3);
        if (Arrays.equals(valid, bytes)) {
            return; // a no-op mutation (e.g. truncating an empty tail) proves nothing
        }
        Files.write(f, bytes);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoints.read(f),
            "a changed checkpoint must never load");
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        MUTATED.rejected(e);
    }

    /** The checksum only guards against the disk; the parser must still not trust the lengths it reads. */
    @Property
    void malformedBodyWithValidChecksumFailsTyped(@ForAll long seed) throws Exception {
        Path f = DIR.resolve("resigned.ckpt");
        byte[] valid = POOL[(int) Math.floorMod(seed, (long) POOL.length)];
        byte[] body = Mutator.mutate(Arrays.copyOf(valid, valid.length - 32), seed, 3);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
        byte[] all = Arrays.copyOf(body, body.length + 32);
        System.arraycopy(digest, 0, all, body.length, 32);
        Files.write(f, all);
        try {
            Checkpoints.Checkpoint back = Checkpoints.read(f);
            assertTrue(back.epoch() != Integer.MIN_VALUE); // accepted: a well-formed checkpoint
            RESIGNED.accepted();
        } catch (CheckpointFormatException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            RESIGNED.rejected(e);
        }
    }

    @Example
    void oneCorruptByteIsDetectedByTheChecksum() throws IOException {
        Path f = DIR.resolve("corrupt.ckpt");
        Checkpoints.write(f, random(new SplittableRandom(42)));
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x01;
        Files.write(f, b);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoints.read(f));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Example
    void aReaderRacingTheWriterSeesOnlyCompleteCheckpoints() throws Exception {
        Path f = DIR.resolve("race.ckpt");
        Checkpoints.Checkpoint a = random(new SplittableRandom(1));
        Checkpoints.Checkpoint b = new Checkpoints.Checkpoint(7, 7, "vanilla", Map.of("parameters", new byte[300_000]));
        Checkpoints.write(f, a);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    Checkpoints.Checkpoint r = Checkpoints.read(f);
                    assertTrue(r.epoch() == a.epoch() || r.epoch() == 7);
                    reads.incrementAndGet();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return;
                }
            }
        });
        reader.start();
        for (int i = 0; i < 150 && failure.get() == null; i++) {
            Checkpoints.write(f, i % 2 == 0 ? b : a);
        }
        done.set(true);
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError("a reader saw a partial checkpoint after " + reads.get() + " good reads", failure.get());
        }
        assertTrue(reads.get() > 0);
        try (var s = Files.list(DIR)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("race.ckpt.tmp")), "temporary file left");
        }
    }

    @AfterContainer
    static void report() throws IOException {
        GENERATED.print();
        MUTATED.print();
        RESIGNED.print();
        try (var s = Files.list(DIR)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(DIR);
    }
}
