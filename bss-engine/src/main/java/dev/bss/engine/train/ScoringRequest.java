package dev.bss.engine.train;

/**
 * What a method needs from the scoring step.
 *
 * @param mode how statistics are obtained
 * @param gradientMagnitude whether to also compute per-sample gradient magnitudes (batch of one; slow: one forward
 *     and backward per training sample)
 * @param lossWeights weights of the per-sample total loss {@code l_total} (paper E2: fused + unimodal, i.e. (1, 1))
 * @param batchSize scoring batch size for {@link ScoringMode#PASS}; 0 = the trainer's scoring batch size.
 *     {@link ScoringMode#REFERENCE_CODE} always uses the training batch size, as the reference code does.
 */
public record ScoringRequest(ScoringMode mode, boolean gradientMagnitude, LossWeights lossWeights, int batchSize) {

    public ScoringRequest {
        if (mode == null || lossWeights == null) {
            throw new IllegalArgumentException("scoring request needs a mode and loss weights");
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("scoring batch size must be >= 0, got " + batchSize);
        }
    }

    public static ScoringRequest of(ScoringMode mode) {
        return new ScoringRequest(mode, false, LossWeights.FUSED_AND_UNIMODAL, 0);
    }
}
