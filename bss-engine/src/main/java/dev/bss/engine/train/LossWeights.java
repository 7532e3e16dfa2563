package dev.bss.engine.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Weights of the training objective
 * {@code L = fused · CE(out_mm, y) + unimodal · Σ_m CE(out_m, y) + sumOfHeads · CE(Σ_m out_m, y)} (each CE is the batch
 * mean). {@code vanilla} (the paper's Concat) is {@link #FUSED_ONLY}; {@code vanilla-uni} and BSS use
 * {@link #FUSED_AND_UNIMODAL}; the reference CREMA-D scripts use {@code (0.1, 0.9)}. {@link #SUM_OF_HEADS} is the
 * objective of MSLR and MSES as AGM's authors run them ({@code AVClassifier_Sum} in {@code model/CREMAD_net.py}:
 * {@code out = out_a + out_v}, trained with {@code CE(out)} only): one cross-entropy of the summed unimodal logits,
 * not a sum of per-head cross-entropies ({@code CE(z_a + z_v) ≠ CE(z_a) + CE(z_v)}).
 *
 * @param fused weight of the fused head's cross-entropy, ≥ 0
 * @param unimodal weight of each unimodal head's cross-entropy, ≥ 0
 * @param sumOfHeads weight of the cross-entropy of the sum of the unimodal heads' logits, ≥ 0
 */
public record LossWeights(double fused, double unimodal, double sumOfHeads) {

    /** Name of the fused head in head lists (prediction heads, {@link TrainingMethod#objectiveHeads}). */
    public static final String FUSED_HEAD = "fused";

    public static final LossWeights FUSED_ONLY = new LossWeights(1, 0);
    public static final LossWeights FUSED_AND_UNIMODAL = new LossWeights(1, 1);
    public static final LossWeights SUM_OF_HEADS = new LossWeights(0, 0, 1);

    public LossWeights {
        if (!finiteNonNegative(fused) || !finiteNonNegative(unimodal) || !finiteNonNegative(sumOfHeads) || fused + unimodal + sumOfHeads == 0) {
            throw new IllegalArgumentException("loss weights must be finite, >= 0 and not all 0; got fused=" + fused + ", unimodal=" + unimodal
                    + ", sum-of-heads=" + sumOfHeads);
        }
    }

    /** {@code fused · CE(out_mm) + unimodal · Σ_m CE(out_m)}, without the sum-of-heads term. */
    public LossWeights(double fused, double unimodal) {
        this(fused, unimodal, 0);
    }

    private static boolean finiteNonNegative(double w) {
        return w >= 0 && !Double.isInfinite(w);
    }

    /**
     * The heads this objective trains, by name: {@value #FUSED_HEAD} when its weight is positive, then every modality
     * when the unimodal or the sum-of-heads weight is. The default prediction heads ({@code test-heads: trained}; for
     * {@link #SUM_OF_HEADS}: the sum of the unimodal heads, as the official MSLR/MSES test) and the heads whose
     * parameters the optimiser steps.
     */
    public List<String> trainedHeads(List<String> modalities) {
        List<String> heads = new ArrayList<>();
        if (fused > 0) {
            heads.add(FUSED_HEAD);
        }
        if (unimodal > 0 || sumOfHeads > 0) {
            heads.addAll(modalities);
        }
        return heads;
    }
}
