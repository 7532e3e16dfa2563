package dev.bss.engine.model;

import ai.djl.nn.Block;

/**
 * The fusion seam: builds the block that maps the per-modality embeddings to the fused (multimodal) logits.
 * The block receives {@code NDList(e_0, ..., e_{M-1})} with {@code e_m} of shape {@code {B, D_m}} and returns
 * {@code NDList(fusedLogits {B, K})}. Register new fusions with {@link Fusions#register(Fusion)}.
 */
public interface Fusion {

    /** Stable kebab-case id ({@code concat}, ...). */
    String id();

    /**
     * Builds a fresh fusion block.
     *
     * @param embeddingSizes {@code D_m} per modality
     * @param numClasses {@code K}
     */
    Block build(int[] embeddingSizes, int numClasses);
}
