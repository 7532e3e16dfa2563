package dev.bss.engine.train;

/**
 * What a method needs from the scoring step.
 *
 * @param mode how statistics are obtained
 * @param gradientMagnitude whether to also compute per-sample gradient magnitudes (batch of one; slow: one forward
 *     and backward per training sample)
 * @param lossWeights weights of the per-sample total loss {@code l_total} (paper E2: fused + unimodal, i.e. (1, 1))
 * @param batchSize scoring batch size; 0 = the mode's default: the training batch size for
 *     {@link ScoringMode#REFERENCE_CODE} (as the official scripts), the evaluation batch size for
 *     {@link ScoringMode#PASS}. The official NVGesture script scores with batch 1.
 * @param logitSimilarity prediction similarity of the raw logits (cosine, i.e. of the L2-normalised logits, as the
 *     official NVGesture CL script) instead of the softmax probabilities (paper E1 as every other official script)
 */
public record ScoringRequest(ScoringMode mode, boolean gradientMagnitude, LossWeights lossWeights, int batchSize,
        boolean logitSimilarity) {

    public ScoringRequest {
        if (mode == null || lossWeights == null) {
            throw new IllegalArgumentException("scoring request needs a mode and loss weights");
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("scoring batch size must be >= 0, got " + batchSize);
        }
    }

    /** A request with softmax-probability similarity. */
    public ScoringRequest(ScoringMode mode, boolean gradientMagnitude, LossWeights lossWeights, int batchSize) {
        this(mode, gradientMagnitude, lossWeights, batchSize, false);
    }

    public static ScoringRequest of(ScoringMode mode) {
        return new ScoringRequest(mode, false, LossWeights.FUSED_AND_UNIMODAL, 0);
    }
}
