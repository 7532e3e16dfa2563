package dev.bss.experiments.report;

import dev.bss.experiments.run.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Renders one channel of a per-sample array (an image {@code {C,H,W}} or a spectrogram {@code {C,F,T}})
 * as a grey-scale PNG: min-max scaled to 0..255, low frequencies at the bottom for spectrograms, each
 * pixel enlarged to {@code scale × scale}.
 */
public final class SampleImages {

    private SampleImages() {
    }

    /**
     * @param values the flattened array
     * @param shape its shape; the first channel of the last two dimensions is drawn (1-D arrays as one row)
     * @param flipVertically draw row 0 at the bottom (spectrograms)
     */
    public static Path write(Path file, float[] values, int[] shape, boolean flipVertically, int scale) throws IOException {
        int h = shape.length >= 2 ? shape[shape.length - 2] : 1;
        int w = shape[shape.length - 1];
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < h * w && i < values.length; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        float range = max > min ? max - min : 1;
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int idx = y * w + x;
                int g = idx < values.length ? Math.round(255 * (values[idx] - min) / range) : 0;
                int rgb = (g << 16) | (g << 8) | g;
                int yy = flipVertically ? h - 1 - y : y;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x * scale + dx, yy * scale + dy, rgb);
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        AtomicFiles.write(file, out.toByteArray());
        return file;
    }
}
