package dev.bss.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Counted work of the bench's model and the machine's measured matrix-product rate, so that {@code bss bench epoch}
 * can say how close training runs to the machine's limit.
 *
 * <p>Multiply-adds of {@code small-cnn} on a {@code C×H×W} input (the preset's layout: three 3×3 convolutions, pad 1,
 * 32/64/128 filters, 2×2 floor max-pool after the first two): {@code H·W·9·C·32 + H₂·W₂·9·32·64 + H₄·W₄·9·64·128} with
 * {@code H₂ = ⌊H/2⌋, H₄ = ⌊H₂/2⌋} (likewise W). One training step of a linear or convolution layer costs its forward
 * multiply-adds three times (forward, weight gradient, input gradient) except the first layer of each tower, whose
 * input needs no gradient (twice). BatchNorm, pooling, ReLU and the loss are memory-bound and not counted; one
 * multiply-add is two floating-point operations.
 */
final class TrainingCost {

    private TrainingCost() {
    }

    /** Forward multiply-adds of the three convolutions of one {@code small-cnn} tower for one sample. */
    static long[] smallCnnConvMultiplyAdds(long[] chw) {
        long c = chw[0];
        long h = chw[1];
        long w = chw[2];
        long h2 = h / 2;
        long w2 = w / 2;
        long h4 = h2 / 2;
        long w4 = w2 / 2;
        return new long[] {h * w * 9 * c * 32, h2 * w2 * 9 * 32 * 64, h4 * w4 * 9 * 64 * 128};
    }

    /**
     * Training multiply-adds per sample of the bench's two-tower {@code small-cnn} network (audio and image towers,
     * 128-wide embeddings, a fused linear head on the concatenation and one linear head per modality).
     *
     * @param audio audio shape {@code {C, H, W}}
     * @param image image shape {@code {C, H, W}}
     * @param classes number of classes
     */
    static long trainingMultiplyAddsPerSample(long[] audio, long[] image, int classes) {
        long total = 0;
        for (long[] shape : new long[][] {audio, image}) {
            long[] conv = smallCnnConvMultiplyAdds(shape);
            total += 2 * conv[0] + 3 * conv[1] + 3 * conv[2];
        }
        long heads = 256L * classes + 2 * 128L * classes;
        return total + 3 * heads;
    }

    /**
     * The best rate of {@code reps} fp32 {@code k×k·k×k} products on the engine (after two warm-up products), in
     * floating-point operations per second ({@code 2k³} per product).
     */
    static double gemmFlopsPerSecond(int k, int reps) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(k, k));
            NDArray b = m.randomNormal(new Shape(k, k));
            long best = Long.MAX_VALUE;
            for (int r = -2; r < reps; r++) {
                long t = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // the product is computed eagerly; reading forces it on any engine
                long dt = System.nanoTime() - t;
                c.close();
                if (r >= 0) {
                    best = Math.min(best, dt);
                }
            }
            return 2.0 * k * k * k / (best / 1e9);
        }
    }
}
