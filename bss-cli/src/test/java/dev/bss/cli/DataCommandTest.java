package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.audio.WavFile;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bss data check} and {@code bss data prepare} argument handling, through {@link Main#run}. */
class DataCommandTest {

    @TempDir
    Path root;

    private int run(ByteArrayOutputStream out, String... args) {
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            return Main.run(args);
        } finally {
            System.setOut(old);
        }
    }

    private void clip(String id) throws Exception {
        Files.createDirectories(root.resolve("AudioWAV"));
        float[] x = new float[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.3) * 0.4f;
        }
        WavFile.write16(root.resolve("AudioWAV/" + id + ".wav"), x, 8000);
        Files.createDirectories(root.resolve("Image-01-FPS/" + id));
        BufferedImage img = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 2, Color.RED.getRGB());
        ImageIO.write(img, "jpg", root.resolve("Image-01-FPS/" + id + "/0.jpg").toFile());
    }

    @Test
    void checkCountsAndReportsProblems() throws Exception {
        Files.createDirectories(root.resolve("annotations"));
        Files.writeString(root.resolve("annotations/train.csv"), "a,HAP\nb,SAD\n");
        Files.writeString(root.resolve("annotations/test.csv"), "c,HAP\n");
        clip("a");
        clip("b");
        clip("c");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, "data", "check", root.toString(), "--layout", "crema-d", "--option", "image-size=4"));
        String text = out.toString();
        assertTrue(text.contains("train: 2 samples; HAP=1 SAD=1") && text.contains("OK"), text);

        Files.writeString(root.resolve("annotations/test.csv"), "c,HAP\nd,XXX\n");
        out.reset();
        assertEquals(1, run(out, "data", "check", root.toString(), "--layout", "crema-d", "--option", "image-size=4"));
        text = out.toString();
        assertTrue(text.contains("test.csv:2: unknown label 'XXX'") && text.contains("d.wav"), text);
        assertEquals(2, run(out, "data", "check", root.toString(), "--layout", "no-such-layout"));
    }

    @Test
    void listNamesEveryProvider() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, "data", "list"));
        for (String id : new String[] {"av-digits", "emoji", "crema-d", "kinetics-sounds", "vggsound", "twitter2015", "sarcasm", "nvgesture"}) {
            assertTrue(out.toString().contains(id + " "), id + " missing from:\n" + out);
        }
    }

    @Test
    void prepareRejectsBadRecipesWithExitTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, run(out, "data", "prepare", "av-digits", "--audio-snr-db", "12,-6", "--out", root.resolve("x").toString()));
        assertEquals(2, run(out, "data", "prepare", "av-digits", "--size", "huge", "--out", root.resolve("x").toString()));
        assertEquals(2, run(out, "data", "prepare", "emoji", "--vendor", "apple", "--out", root.resolve("y").toString()));
        assertTrue(Files.notExists(root.resolve("x")));
    }
}
