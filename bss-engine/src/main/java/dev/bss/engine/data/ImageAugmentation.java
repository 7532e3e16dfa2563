package dev.bss.engine.data;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Training-time augmentation of an {@link ModalityKind#IMAGE} sample, in place on its float values: torchvision's
 * {@code RandomResizedCrop(size, scale, ratio=(3/4, 4/3))} with the output size equal to the input size, then
 * {@code RandomHorizontalFlip(p=0.5)}, as the official CREMA-D / Kinetics-Sounds / VGGSound loaders compose them
 * ({@code CREMA-D/dataset/CramedDataset.py} of the BSS repository). Every random draw comes from the generator the
 * caller passes, so a run seeded per (seed, epoch, batch) sees the same crops after a resume.
 *
 * <p>Crop box ({@code torchvision.transforms.RandomResizedCrop.get_params}, torchvision 0.8): up to 10 tries of
 * {@code area' = H·W·U(s_min, s_max)}, {@code r = exp(U(ln 3/4, ln 4/3))}, {@code w = round(√(area'·r))},
 * {@code h = round(√(area'/r))} (round half to even, as Python's {@code round}); the first with {@code 0 < w ≤ W} and
 * {@code 0 < h ≤ H} takes its top-left corner uniformly, {@code i ∈ [0, H−h]}, {@code j ∈ [0, W−w]}. After 10 failures
 * a centre crop: the whole image when {@code W/H ∈ [3/4, 4/3]}, else the largest box of the nearest allowed ratio.
 *
 * <p>Resize of the {@code h × w} box back to {@code H × W}: bilinear with half-pixel centres, the source coordinate
 * {@code (y + ½)·h/H − ½} clamped to {@code [0, h−1]}. This equals PIL's {@code BILINEAR} resize (what torchvision
 * applies to PIL images) whenever the box is not larger than the output, which always holds here; PIL would also
 * round to 8-bit values, we keep floats. Cropping the already resized and normalised image instead of the original
 * frame is the one approximation: the per-channel normalisation commutes with bilinear interpolation, the extra
 * resampling of the original does not exactly.
 *
 * <p>Every plane of a sample (all channels, and all frames of a {@code {C, T, H, W}} or {@code {T, C, H, W}} clip)
 * shares one box and one flip decision; the Kinetics-Sounds loader draws one per frame. Cost: one pass over the
 * sample's values per transform, a reused scratch buffer, no allocation per sample. Not thread-safe.
 */
public final class ImageAugmentation {

    private static final int TRIES = 10;
    private static final double MIN_RATIO = 3.0 / 4.0;
    private static final double MAX_RATIO = 4.0 / 3.0;

    private final boolean randomResizedCrop;
    private final double scaleMin;
    private final double scaleMax;
    private final boolean horizontalFlip;
    private float[] scratch = new float[0];

    private ImageAugmentation(Builder b) {
        this.randomResizedCrop = b.randomResizedCrop;
        this.scaleMin = b.scaleMin;
        this.scaleMax = b.scaleMax;
        this.horizontalFlip = b.horizontalFlip;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether any transform is switched on (an augmentation with none draws nothing and changes nothing). */
    public boolean enabled() {
        return randomResizedCrop || horizontalFlip;
    }

    /** Whether random resized crops are drawn. */
    public boolean randomResizedCrop() {
        return randomResizedCrop;
    }

    /** Whether horizontal flips are drawn. */
    public boolean horizontalFlip() {
        return horizontalFlip;
    }

    /**
     * Augments one sample in place: {@code values[offset, offset + Π shape)}, laid out row-major with the last two
     * dimensions height and width.
     *
     * @param shape the modality's per-sample shape, at least {@code {H, W}}
     * @param rng the stream every draw comes from (crop first, then flip)
     */
    public void apply(float[] values, int offset, int[] shape, UniformRandomProvider rng) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("image augmentation needs a {..., H, W} shape, got " + Arrays.toString(shape));
        }
        int height = shape[shape.length - 2];
        int width = shape[shape.length - 1];
        int planes = 1;
        for (int d = 0; d < shape.length - 2; d++) {
            planes *= shape[d];
        }
        if (randomResizedCrop) {
            int[] box = cropBox(height, width, scaleMin, scaleMax, rng);
            if (box[2] != height || box[3] != width) {
                int plane = height * width;
                if (scratch.length < plane) {
                    scratch = new float[plane];
                }
                for (int p = 0; p < planes; p++) {
                    int at = offset + p * plane;
                    System.arraycopy(values, at, scratch, 0, plane);
                    resizedCrop(scratch, width, box, values, at, height, width);
                }
            }
        }
        if (horizontalFlip && rng.nextDouble() < 0.5) {
            for (int p = 0; p < planes; p++) {
                flip(values, offset + p * height * width, height, width);
            }
        }
    }

    /**
     * The crop box {@code {i, j, h, w}} (top row, left column, height, width) of {@code RandomResizedCrop.get_params}
     * for an {@code height × width} image (see the class comment).
     */
    public static int[] cropBox(int height, int width, double scaleMin, double scaleMax, UniformRandomProvider rng) {
        double area = (double) height * width;
        double logMin = Math.log(MIN_RATIO);
        double logMax = Math.log(MAX_RATIO);
        for (int t = 0; t < TRIES; t++) {
            double target = area * (scaleMin + (scaleMax - scaleMin) * rng.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
            int w = (int) Math.rint(Math.sqrt(target * ratio));
            int h = (int) Math.rint(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int i = rng.nextInt(height - h + 1);
                int j = rng.nextInt(width - w + 1);
                return new int[] {i, j, h, w};
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < MIN_RATIO) {
            w = width;
            h = (int) Math.rint(w / MIN_RATIO);
        } else if (inRatio > MAX_RATIO) {
            h = height;
            w = (int) Math.rint(h * MAX_RATIO);
        } else {
            w = width;
            h = height;
        }
        return new int[] {(height - h) / 2, (width - w) / 2, h, w};
    }

    /**
     * Bilinear resize (half-pixel centres, edges clamped) of the box {@code {i, j, h, w}} of the source plane
     * ({@code sourceWidth} columns) to {@code height × width}, written to {@code out[outOffset, …)}.
     */
    public static void resizedCrop(float[] source, int sourceWidth, int[] box, float[] out, int outOffset, int height, int width) {
        int i = box[0];
        int j = box[1];
        int h = box[2];
        int w = box[3];
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] fx = new float[width];
        for (int x = 0; x < width; x++) {
            double sx = Math.min(Math.max((x + 0.5) * w / width - 0.5, 0), w - 1);
            int lo = (int) Math.floor(sx);
            x0[x] = j + lo;
            x1[x] = j + Math.min(lo + 1, w - 1);
            fx[x] = (float) (sx - lo);
        }
        for (int y = 0; y < height; y++) {
            double sy = Math.min(Math.max((y + 0.5) * h / height - 0.5, 0), h - 1);
            int lo = (int) Math.floor(sy);
            int r0 = (i + lo) * sourceWidth;
            int r1 = (i + Math.min(lo + 1, h - 1)) * sourceWidth;
            float fy = (float) (sy - lo);
            int row = outOffset + y * width;
            for (int x = 0; x < width; x++) {
                float top = source[r0 + x0[x]] + fx[x] * (source[r0 + x1[x]] - source[r0 + x0[x]]);
                float bottom = source[r1 + x0[x]] + fx[x] * (source[r1 + x1[x]] - source[r1 + x0[x]]);
                out[row + x] = top + fy * (bottom - top);
            }
        }
    }

    private static void flip(float[] values, int offset, int height, int width) {
        for (int y = 0; y < height; y++) {
            int row = offset + y * width;
            for (int a = row, b = row + width - 1; a < b; a++, b--) {
                float t = values[a];
                values[a] = values[b];
                values[b] = t;
            }
        }
    }

    /** Builder; everything is off by default. */
    public static final class Builder {
        private boolean randomResizedCrop;
        private double scaleMin = 0.08;
        private double scaleMax = 1.0;
        private boolean horizontalFlip;

        /** Random resized crops with an area fraction in {@code [scaleMin, scaleMax]} (torchvision default 0.08, 1). */
        public Builder optRandomResizedCrop(double scaleMin, double scaleMax) {
            this.randomResizedCrop = true;
            this.scaleMin = scaleMin;
            this.scaleMax = scaleMax;
            return this;
        }

        /** Horizontal flips with probability 1/2. */
        public Builder optHorizontalFlip(boolean flip) {
            this.horizontalFlip = flip;
            return this;
        }

        /** @throws IllegalArgumentException when the scale range is not within (0, 1] */
        public ImageAugmentation build() {
            if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
                throw new IllegalArgumentException("image augmentation: crop scale must satisfy 0 < min <= max <= 1, got ["
                        + scaleMin + ", " + scaleMax + "]");
            }
            return new ImageAugmentation(this);
        }
    }
}
