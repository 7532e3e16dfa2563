package dev.bss.spark;

import dev.bss.data.audio.WavFile;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Tiny dataset folders in the paper's CREMA-D layout (as {@code bss-data}'s layout tests write them): per clip a short
 * 8 kHz WAV whose tone depends on the class and one JPEG frame whose colour does.
 */
public final class LayoutFixtures {

    public static final List<String> EMOTIONS = List.of("NEU", "HAP", "SAD", "FEA", "DIS", "ANG");

    private LayoutFixtures() {
    }

    /** A CREMA-D folder with {@code train} and {@code test} clips, classes in turn; returns {@code root}. */
    public static Path cremaD(Path root, int train, int test) throws IOException {
        Files.createDirectories(root.resolve("annotations"));
        StringBuilder tr = new StringBuilder();
        StringBuilder te = new StringBuilder();
        for (int i = 0; i < train + test; i++) {
            int c = i % EMOTIONS.size();
            String clip = String.format("%04d_IEO_%s_XX", 1000 + i, EMOTIONS.get(c));
            (i < train ? tr : te).append(clip).append(',').append(EMOTIONS.get(c)).append('\n');
            clip(root, clip, c, i);
        }
        Files.writeString(root.resolve("annotations/train.csv"), tr.toString());
        Files.writeString(root.resolve("annotations/test.csv"), te.toString());
        return root;
    }

    /** Writes one clip's WAV and frame. */
    public static void clip(Path root, String clip, int c, int variant) throws IOException {
        float[] x = new float[400];
        for (int t = 0; t < x.length; t++) {
            x[t] = (float) (0.4 * Math.sin(2 * Math.PI * (200 + 150 * c + 7 * variant) * t / 8000.0));
        }
        Path wav = root.resolve("AudioWAV/" + clip + ".wav");
        Files.createDirectories(wav.getParent());
        WavFile.write16(wav, x, 8000);
        Path frame = root.resolve("Image-01-FPS/" + clip + "/frame_0.jpg");
        Files.createDirectories(frame.getParent());
        BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 12, 10);
        g.setColor(Color.getHSBColor(c / 6f, 0.9f, 0.5f + 0.05f * (variant % 5)));
        g.fillRect(3, 2, 6, 5);
        g.dispose();
        ImageIO.write(img, "jpg", frame.toFile());
    }
}
