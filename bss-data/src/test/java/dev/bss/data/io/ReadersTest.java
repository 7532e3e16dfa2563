package dev.bss.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import dev.bss.data.Fixtures;
import dev.bss.data.audio.WavFile;
import dev.bss.data.image.ImageLoader;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {

    @TempDir
    Path dir;

    @Test
    void wavRoundTripAndErrors() throws Exception {
        Path f = Fixtures.wav(dir.resolve("a.wav"), 0.01, 8000, 440);
        WavFile.Audio a = WavFile.read(f);
        assertEquals(8000, a.sampleRate());
        assertEquals(80, a.samples().length);
        float[] expect = Fixtures.tone(0.01, 8000, 440);
        for (int i = 0; i < expect.length; i++) {
            assertEquals(expect[i], a.samples()[i], 1.0 / 32767 + 1e-6);
        }
        byte[] all = Files.readAllBytes(f);
        Path truncated = dir.resolve("t.wav");
        Files.write(truncated, Arrays.copyOf(all, all.length - 20));
        DataFormatException e = assertThrows(DataFormatException.class, () -> WavFile.read(truncated));
        assertTrue(e.getMessage().contains("t.wav") && e.getMessage().contains("truncated"), e.getMessage());
        Path bad = Fixtures.garbage(dir.resolve("bad.wav"));
        e = assertThrows(DataFormatException.class, () -> WavFile.read(bad));
        assertTrue(e.getMessage().contains("bad.wav"));
        // streaming size field (espeak-ng --stdout) runs to the end
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7FFFFFFF);
        Path stream = dir.resolve("s.wav");
        Files.write(stream, all);
        assertEquals(80, WavFile.read(stream).samples().length);
    }

    @Test
    void idxReadsAndRejectsTruncation() throws Exception {
        Path im = dir.resolve("im");
        Path lb = dir.resolve("lb");
        Fixtures.idx(im, lb, new int[] {3, 1, 4}, 6);
        IdxFile.Images images = IdxFile.readImages(im);
        assertEquals(3, images.count());
        assertEquals(6, images.rows());
        assertArrayEquals(new int[] {3, 1, 4}, IdxFile.readLabels(lb));
        assertEquals(255, images.pixel(0, (3 * 2 + 3) % 6, 0));
        byte[] all = Files.readAllBytes(im);
        Files.write(im, Arrays.copyOf(all, all.length - 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFile.readImages(im));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(im.toString()), e.getMessage());
        assertThrows(DataFormatException.class, () -> IdxFile.readLabels(im)); // wrong magic
    }

    @Test
    void npyRoundTripFortranAndTruncation() throws Exception {
        Path f = dir.resolve("a.npy");
        float[] data = {1, 2, 3, 4, 5, 6};
        NpyFile.writeFloat32(f, new int[] {2, 3}, data);
        NpyFile.Array a = NpyFile.read(f);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(data, a.data());
        // the same logical array stored in Fortran order: columns first
        String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }";
        header = header + " ".repeat(64 - (10 + header.length() + 1) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) {
            b.putFloat(v);
        }
        Path ff = dir.resolve("f.npy");
        Files.write(ff, b.array());
        assertArrayEquals(data, NpyFile.read(ff).data());
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 4));
        DataFormatException e = assertThrows(DataFormatException.class, () -> NpyFile.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertThrows(DataFormatException.class, () -> NpyFile.read(Fixtures.garbage(dir.resolve("g.npy"))));
    }

    @Test
    void corruptImagesNameTheFile() throws Exception {
        Path ok = Fixtures.png(dir.resolve("ok.png"), 8, 6, Color.RED);
        float[] rgb = ImageLoader.rgb(ImageLoader.read(ok), false, null);
        assertEquals(3 * 8 * 6, rgb.length);
        assertEquals(1f, rgb[(0 * 6 + 3) * 8 + 4], 1e-6); // red channel inside the square
        float[] bgr = ImageLoader.rgb(ImageLoader.read(ok), true, null);
        assertEquals(0f, bgr[(0 * 6 + 3) * 8 + 4], 1e-6); // blue first
        for (String name : List.of("bad.jpg", "bad.png")) {
            Path bad = Fixtures.garbage(dir.resolve(name));
            DataFormatException e = assertThrows(DataFormatException.class, () -> ImageLoader.read(bad));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void splitFileRoundTripAndTruncation() throws Exception {
        List<ModalitySpec> mods = List.of(ModalitySpec.of("a", ModalityKind.VECTOR, 3), ModalitySpec.of("b", ModalityKind.IMAGE, 1, 2, 2));
        Path f = dir.resolve("train.bin");
        try (SplitFile.Writer w = SplitFile.create(f, "train", mods, List.of("x", "y"), 2)) {
            w.write(1, new float[][] {{1, 2, 3}, {4, 5, 6, 7}});
            w.write(0, new float[][] {{-1, -2, -3}, {0, 0, 0, 1e-7f}});
        }
        SplitFile.Reader r = SplitFile.open(f);
        assertEquals(2, r.count());
        assertEquals(mods, r.modalities());
        assertEquals(1, r.label(0));
        assertArrayEquals(new float[] {0, 0, 0, 1e-7f}, r.values(1)[1]);
        CachedDataset d = new CachedDataset(r, List.of("s0", "s1"), List.of(Map.of("k", "v"), Map.of()), "sum");
        assertEquals("v", d.get(0).metadata().get("k"));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 3));
        assertThrows(DataFormatException.class, () -> SplitFile.open(f));
        assertThrows(IllegalArgumentException.class, () -> {
            try (SplitFile.Writer w = SplitFile.create(dir.resolve("x.bin"), "t", mods, List.of("x"), 1)) {
                w.write(3, new float[][] {{1, 2, 3}, {4, 5, 6, 7}});
            }
        });
    }
}
