package dev.bss.data.io;

import dev.bss.data.DataFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reader for the IDX format of MNIST (LeCun et al.): a big-endian magic {@code 0x0000 TT DD} (type
 * {@code 0x08} = unsigned byte, {@code DD} dimensions), {@code DD} big-endian int32 sizes, then the
 * data. Images are {@code 0x00000803} (count, rows, cols), labels {@code 0x00000801} (count). The file
 * size must match the header exactly; a truncated or padded file is rejected.
 */
public final class IdxFile {

    private IdxFile() {
    }

    /** Unsigned-byte images: {@code pixels[i * rows * cols + r * cols + c]}. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** Pixel of image {@code i} at {@code (r, c)} in {@code [0, 255]}. */
        public int pixel(int i, int r, int c) {
            return pixels[(i * rows + r) * cols + c] & 0xff;
        }
    }

    public static Images readImages(Path file) throws IOException {
        byte[] all = readAll(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
        int magic = header(file, b, 0x00000803);
        int count = b.getInt();
        int rows = b.getInt();
        int cols = b.getInt();
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new DataFormatException(file, "bad IDX image dimensions " + count + "x" + rows + "x" + cols);
        }
        long expected = 16L + (long) count * rows * cols;
        if (all.length != expected) {
            throw new DataFormatException(file, "IDX image file (magic 0x" + Integer.toHexString(magic) + ") holds " + all.length
                    + " bytes, its header promises " + expected + " (" + count + " images of " + rows + "x" + cols + "): truncated or corrupt");
        }
        return new Images(count, rows, cols, java.util.Arrays.copyOfRange(all, 16, all.length));
    }

    /** Labels as ints in {@code [0, 255]}. */
    public static int[] readLabels(Path file) throws IOException {
        byte[] all = readAll(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
        header(file, b, 0x00000801);
        int count = b.getInt();
        if (count < 0 || all.length != 8L + count) {
            throw new DataFormatException(file, "IDX label file holds " + all.length + " bytes, its header promises "
                    + (8L + count) + " (" + count + " labels): truncated or corrupt");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = all[8 + i] & 0xff;
        }
        return labels;
    }

    private static byte[] readAll(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "IDX file is missing");
        }
        return Files.readAllBytes(file);
    }

    private static int header(Path file, ByteBuffer b, int expectedMagic) {
        int dims = expectedMagic & 0xff;
        if (b.remaining() < 4 + 4 * dims) {
            throw new DataFormatException(file, "too short for an IDX header (" + b.remaining() + " bytes)");
        }
        int magic = b.getInt();
        if (magic != expectedMagic) {
            throw new DataFormatException(file, String.format("IDX magic 0x%08x, expected 0x%08x", magic, expectedMagic));
        }
        return magic;
    }
}
