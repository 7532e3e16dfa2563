package dev.bss.methods.fusion;

/**
 * A fusion whose fused logits are a sum of per-modality terms {@code z_f = Σ_m s_m(e_m)}, so that a "slice logit"
 * {@code s_m(e_m)} (the modality's share of the fused output) is defined, as OGM-GE's official code uses it.
 */
public interface SliceableFusion {

    /**
     * The modality's share of the fused logits, computed from the current parameter values (no autograd).
     *
     * @param m modality index
     * @param embeddings {@code e_m}, one row per sample ({@code B × D_m})
     * @return {@code B × K} logits; a new array owned by the caller
     */
    float[][] sliceLogits(int m, float[][] embeddings);
}
