package dev.bss.engine.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Weights of the training objective {@code L = fused · CE(out_mm, y) + unimodal · Σ_m CE(out_m, y)} (each CE is the
 * batch mean). {@code vanilla} (the paper's Concat) is {@link #FUSED_ONLY}; {@code vanilla-uni} and BSS use
 * {@link #FUSED_AND_UNIMODAL}; the reference CREMA-D scripts use {@code (0.1, 0.9)}.
 *
 * @param fused weight of the fused head's cross-entropy, ≥ 0
 * @param unimodal weight of each unimodal head's cross-entropy, ≥ 0
 */
public record LossWeights(double fused, double unimodal) {

    /** Name of the fused head in head lists (prediction heads, {@link TrainingMethod#objectiveHeads}). */
    public static final String FUSED_HEAD = "fused";

    public static final LossWeights FUSED_ONLY = new LossWeights(1, 0);
    public static final LossWeights FUSED_AND_UNIMODAL = new LossWeights(1, 1);

    public LossWeights {
        if (!(fused >= 0) || !(unimodal >= 0) || Double.isInfinite(fused) || Double.isInfinite(unimodal) || fused + unimodal == 0) {
            throw new IllegalArgumentException("loss weights must be finite, >= 0 and not both 0; got fused=" + fused + ", unimodal=" + unimodal);
        }
    }

    /**
     * The heads this objective trains, by name: {@value #FUSED_HEAD} when its weight is positive, then every modality
     * when the unimodal weight is. The default prediction heads ({@code test-heads: trained}) and the heads whose
     * parameters the optimiser steps.
     */
    public List<String> trainedHeads(List<String> modalities) {
        List<String> heads = new ArrayList<>();
        if (fused > 0) {
            heads.add(FUSED_HEAD);
        }
        if (unimodal > 0) {
            heads.addAll(modalities);
        }
        return heads;
    }
}
