package dev.bss.data.image;

import dev.bss.data.DataFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes images (ImageIO: JPEG, PNG, BMP, GIF) into channel-first float arrays. {@link #rgb} gives
 * {@code {3, H, W}} with values {@code v / 255} per channel (or BGR order when asked, reproducing the
 * NVGesture reference's OpenCV frames), then {@code (v - mean[c]) / std[c]} when a normalisation is
 * given; {@link #gray} gives {@code {1, H, W}} from the luminance ({@code v / 255}). Resizing draws the
 * whole image into the target size with bilinear or bicubic interpolation (no antialiasing; torchvision
 * may differ slightly); {@code centreCrop} then keeps the middle {@code crop x crop}.
 */
public final class ImageLoader {

    /** ImageNet mean and std (torchvision). */
    public static final float[][] IMAGENET = {{0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f}};
    /** CLIP mean and std. */
    public static final float[][] CLIP = {{0.48145466f, 0.4578275f, 0.40821073f}, {0.26862954f, 0.26130258f, 0.27577711f}};

    private ImageLoader() {
    }

    /** Decodes {@code file}, failing with a {@link DataFormatException} naming it. */
    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "image file is missing");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file, "unreadable image (" + e.getMessage() + ")", e);
        }
        if (img == null || img.getWidth() <= 0 || img.getHeight() <= 0) {
            throw new DataFormatException(file, "unreadable image (no decoder accepted it)");
        }
        return img;
    }

    /** Resizes {@code img} to {@code width x height}. */
    public static BufferedImage resize(BufferedImage img, int width, int height, boolean bicubic) {
        if (img.getWidth() == width && img.getHeight() == height && img.getType() == BufferedImage.TYPE_INT_ARGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                bicubic ? RenderingHints.VALUE_INTERPOLATION_BICUBIC : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** The middle {@code crop x crop} region (the image must be at least that large). */
    public static BufferedImage centreCrop(BufferedImage img, int crop) {
        if (img.getWidth() < crop || img.getHeight() < crop) {
            throw new IllegalArgumentException("cannot crop " + crop + " from " + img.getWidth() + "x" + img.getHeight());
        }
        int x = (img.getWidth() - crop) / 2;
        int y = (img.getHeight() - crop) / 2;
        return img.getSubimage(x, y, crop, crop);
    }

    /**
     * {@code {3, H, W}} floats.
     *
     * @param bgr channel order B, G, R instead of R, G, B
     * @param norm {@code {mean[3], std[3]}} or {@code null}; applied in the output channel order as given
     */
    public static float[] rgb(BufferedImage img, boolean bgr, float[][] norm) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] out = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                float r = ((argb >> 16) & 0xff) / 255f;
                float g = ((argb >> 8) & 0xff) / 255f;
                float b = (argb & 0xff) / 255f;
                float[] c = bgr ? new float[] {b, g, r} : new float[] {r, g, b};
                for (int k = 0; k < 3; k++) {
                    float v = c[k];
                    if (norm != null) {
                        v = (v - norm[0][k]) / norm[1][k];
                    }
                    out[(k * h + y) * w + x] = v;
                }
            }
        }
        return out;
    }

    /** {@code {1, H, W}} luminance {@code (0.299 R + 0.587 G + 0.114 B) / 255}. */
    public static float[] gray(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                out[y * w + x] = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff)) / 255f;
            }
        }
        return out;
    }

    /** Composites an ARGB image over a solid background colour (for transparent emoji). */
    public static BufferedImage over(BufferedImage img, java.awt.Color background) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }
}
