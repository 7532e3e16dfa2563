package dev.bss.data.fuzz;

import dev.bss.testkit.Mutator;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import dev.bss.data.audio.WavFile;
import dev.bss.data.io.IdxFile;
import dev.bss.data.io.NpyFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * WAV, IDX and NPY readers on generated valid files (every supported encoding, round trip) and on mutated
 * ones. The only allowed failure is {@link DataFormatException} naming the file; an accepted input must be
 * self-consistent (shape × count = data length) and hold only finite values.
 */
class BinaryReadersFuzzTest {

    private static final FuzzStats WAV = new FuzzStats("WAV (mutated)");
    private static final FuzzStats IDX = new FuzzStats("IDX images+labels (mutated)");
    private static final FuzzStats NPY = new FuzzStats("NPY (generated header + mutated)");
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("bss-fuzz-binary");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---------------- WAV ----------------

    /** A valid WAV: PCM 8/16/24/32 or float 32/64, 1-3 channels, optional extra chunks and EXTENSIBLE header. */
    static byte[] validWav(SplittableRandom rng) {
        int[][] encodings = {{1, 8}, {1, 16}, {1, 24}, {1, 32}, {3, 32}, {3, 64}};
        int[] enc = encodings[rng.nextInt(encodings.length)];
        int channels = 1 + rng.nextInt(3);
        int frames = rng.nextInt(40);
        int width = enc[1] / 8;
        boolean extensible = rng.nextInt(4) == 0;
        boolean extraChunk = rng.nextBoolean();
        int fmtSize = extensible ? 40 : 16;
        int data = frames * channels * width;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + (extraChunk ? 8 + 5 + 1 : 0) + 8 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(b.capacity() - 8).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(fmtSize).putShort((short) (extensible ? 0xFFFE : enc[0]))
            .putShort((short) channels).putInt(8000 + rng.nextInt(40000)).putInt(0).putShort((short) (channels * width))
            .putShort((short) enc[1]);
        if (extensible) {
            b.putShort((short) 22).putShort((short) enc[1]).putInt(0).putShort((short) enc[0]).put(new byte[14]);
        }
        if (extraChunk) {
            b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(5).put(new byte[] {1, 2, 3, 4, 5, 0});
        }
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        for (int i = 0; i < frames * channels; i++) {
            switch (enc[1] + (enc[0] == 3 ? 1000 : 0)) {
                case 8 -> b.put((byte) rng.nextInt(256));
                case 16 -> b.putShort((short) rng.nextInt(65536));
                case 24 -> b.put((byte) rng.nextInt(256)).put((byte) rng.nextInt(256)).put((byte) rng.nextInt(256));
                case 32 -> b.putInt(rng.nextInt());
                case 1032 -> b.putFloat((float) (rng.nextDouble() * 2 - 1));
                default -> b.putDouble(rng.nextDouble() * 2 - 1);
            }
        }
        return b.array();
    }

    @Property
    void wavParsesOrFailsTyped(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] valid = validWav(rng);
        WavFile.Audio ok = WavFile.parse(DIR.resolve("valid.wav"), valid);
        assertTrue(ok.sampleRate() > 0);
        byte[] bytes = Mutator.mutate(valid, seed, 4);
        Path name = DIR.resolve("mutated.wav");
        WavFile.Audio a;
        try {
            a = WavFile.parse(name, bytes);
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(name.toString()), e.getMessage());
            WAV.rejected(e);
            return;
        }
        assertTrue(a.sampleRate() > 0);
        for (int i = 0; i < a.samples().length; i++) {
            assertTrue(Float.isFinite(a.samples()[i]), "non-finite sample accepted at " + i);
        }
        WAV.accepted();
    }

    // ---------------- IDX ----------------

    @Property
    void idxParsesOrFailsTyped(@ForAll long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rng.nextInt(5);
        int rows = 1 + rng.nextInt(4);
        int cols = 1 + rng.nextInt(4);
        ByteBuffer img = ByteBuffer.allocate(16 + n * rows * cols);
        img.putInt(0x803).putInt(n).putInt(rows).putInt(cols);
        while (img.hasRemaining()) {
            img.put((byte) rng.nextInt(256));
        }
        ByteBuffer lab = ByteBuffer.allocate(8 + n);
        lab.putInt(0x801).putInt(n);
        while (lab.hasRemaining()) {
            lab.put((byte) rng.nextInt(10));
        }
        boolean images = rng.nextBoolean();
        Path f = DIR.resolve(images ? "images.idx" : "labels.idx");
        Files.write(f, images ? img.array() : lab.array());
        if (images) {
            assertArrayEquals(img.array(), withHeader(IdxFile.readImages(f)));
        } else {
            assertEquals(n, IdxFile.readLabels(f).length);
        }
        Files.write(f, Mutator.mutate(images ? img.array() : lab.array(), seed, 3));
        try {
            if (images) {
                IdxFile.Images m = IdxFile.readImages(f);
                assertEquals((long) m.count() * m.rows() * m.cols(), m.pixels().length);
            } else {
                for (int v : IdxFile.readLabels(f)) {
                    assertTrue(v >= 0 && v <= 255);
                }
            }
            IDX.accepted();
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            IDX.rejected(e);
        }
    }

    private static byte[] withHeader(IdxFile.Images m) {
        ByteBuffer b = ByteBuffer.allocate(16 + m.pixels().length);
        b.putInt(0x803).putInt(m.count()).putInt(m.rows()).putInt(m.cols()).put(m.pixels());
        return b.array();
    }

    // ---------------- NPY ----------------

    /** A valid NPY of a random dtype, byte order, version, rank and memory order. */
    static byte[] validNpy(SplittableRandom rng, int[] shapeOut) {
        String[] dtypes = {"f4", "f8", "i1", "u1", "b1", "i2", "i4", "i8"};
        String dt = dtypes[rng.nextInt(dtypes.length)];
        int width = Integer.parseInt(dt.substring(1));
        boolean big = width > 1 && rng.nextBoolean();
        int rank = rng.nextInt(4);
        int[] shape = new int[rank];
        int n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = rng.nextInt(4);
            n *= shape[i];
        }
        System.arraycopy(shape, 0, shapeOut, 0, Math.min(rank, shapeOut.length));
        StringBuilder sh = new StringBuilder();
        for (int d : shape) {
            sh.append(d).append(", ");
        }
        String shapeText = rank == 0 ? "()" : rank == 1 ? "(" + shape[0] + ",)" : "(" + sh.substring(0, sh.length() - 2) + ")";
        String descr = (width == 1 ? "|" : big ? ">" : "<") + dt;
        String header = "{'descr': '" + descr + "', 'fortran_order': " + (rng.nextBoolean() ? "True" : "False") + ", 'shape': " + shapeText + ", }";
        int major = 1 + rng.nextInt(3);
        int pre = major == 1 ? 10 : 12;
        header = header + " ".repeat((64 - (pre + header.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(pre + header.length() + n * width).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        b.order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (dt) {
                case "f4" -> b.putFloat((float) rng.nextGaussian());
                case "f8" -> b.putDouble(rng.nextGaussian());
                case "i2" -> b.putShort((short) rng.nextInt());
                case "i4" -> b.putInt(rng.nextInt());
                case "i8" -> b.putLong(rng.nextLong());
                default -> b.put((byte) rng.nextInt(2));
            }
        }
        return b.array();
    }

    @Property
    void npyParsesOrFailsTyped(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] valid = validNpy(rng, new int[3]);
        NpyFile.Array ok = NpyFile.parse(DIR.resolve("valid.npy"), valid);
        assertEquals(product(ok.shape()), ok.data().length);
        byte[] bytes = rng.nextInt(3) == 0 ? mutateHeader(valid, rng) : Mutator.mutate(valid, seed, 4);
        Path name = DIR.resolve("mutated.npy");
        NpyFile.Array a;
        try {
            a = NpyFile.parse(name, bytes);
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(name.toString()), e.getMessage());
            NPY.rejected(e);
            return;
        }
        assertEquals(product(a.shape()), a.data().length, "shape and data disagree");
        for (float v : a.data()) {
            assertTrue(Float.isFinite(v), "non-finite value accepted");
        }
        NPY.accepted();
    }

    /** Rewrites the header dict with hostile but well-formed-looking values (huge dims, odd widths, many dims). */
    private static byte[] mutateHeader(byte[] valid, SplittableRandom rng) {
        String[] hostile = {"'shape': (65536, 65536, 65536, 65536), ", "'shape': (2147483647, 2147483647), ",
            "'shape': (-1,), ", "'shape': (3000000000,), ", "'descr': '<f99999999999', ", "'descr': '<f2', ",
            "'descr': '<c8', ", "'shape': (1, 0, 99999), ", "'shape': (4294967296,), ", "'descr': '>i8', ",
            "'shape': (" + "2, ".repeat(40) + "), "};
        String text = new String(valid, StandardCharsets.ISO_8859_1);
        int open = text.indexOf('{');
        if (open < 0) {
            return valid;
        }
        String ins = hostile[rng.nextInt(hostile.length)];
        return (text.substring(0, open + 1) + ins + text.substring(open + 1)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static long product(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @AfterContainer
    static void report() throws IOException {
        WAV.print();
        IDX.print();
        NPY.print();
        try (var s = Files.list(DIR)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(DIR);
    }
}
