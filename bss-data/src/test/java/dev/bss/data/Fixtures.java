package dev.bss.data;

import dev.bss.data.audio.WavFile;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Generates tiny input files (WAV, JPEG, PNG, IDX) for tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A sine tone of {@code freq} Hz, amplitude 0.5. */
    public static float[] tone(double seconds, int rate, double freq) {
        float[] x = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * freq * i / rate));
        }
        return x;
    }

    public static Path wav(Path file, double seconds, int rate, double freq) throws IOException {
        Files.createDirectories(file.getParent());
        WavFile.write16(file, tone(seconds, rate, freq), rate);
        return file;
    }

    /** A {@code w x h} image with a coloured square on {@code background}. */
    public static BufferedImage picture(int w, int h, Color background, Color square) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.setColor(square);
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return img;
    }

    public static Path jpeg(Path file, int w, int h, Color c) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(picture(w, h, Color.WHITE, c), "jpg", file.toFile())) {
            throw new IOException("no JPEG writer");
        }
        return file;
    }

    public static Path png(Path file, int w, int h, Color c) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(picture(w, h, Color.WHITE, c), "png", file.toFile());
        return file;
    }

    /** Overwrites a file with bytes no decoder accepts. */
    public static Path garbage(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, "this is not an image, a WAV or an NPY file".getBytes());
        return file;
    }

    /** IDX images {@code count x side x side}: class c draws a bright bar whose position depends on c. */
    public static void idx(Path images, Path labels, int[] labelValues, int side) throws IOException {
        int n = labelValues.length;
        ByteBuffer b = ByteBuffer.allocate(16 + n * side * side);
        b.putInt(0x803).putInt(n).putInt(side).putInt(side);
        for (int i = 0; i < n; i++) {
            int c = labelValues[i];
            for (int r = 0; r < side; r++) {
                for (int col = 0; col < side; col++) {
                    b.put((byte) ((r == (c * 2 + 3) % side || col == (c * 3 + 1) % side) ? 255 : 0));
                }
            }
        }
        Files.createDirectories(images.toAbsolutePath().getParent());
        Files.write(images, b.array());
        ByteBuffer l = ByteBuffer.allocate(8 + n);
        l.putInt(0x801).putInt(n);
        for (int v : labelValues) {
            l.put((byte) v);
        }
        Files.write(labels, l.array());
    }
}
