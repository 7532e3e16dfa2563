package dev.bss.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A view of the network's output list {@code [fused, unimodal_0..unimodal_{M-1}, embedding_0..embedding_{M-1}]}.
 * The arrays belong to whatever manager the forward pass used (the per-batch scope in training).
 */
public final class ModelOutputs {

    private final NDList list;
    private final int modalities;

    public ModelOutputs(NDList list, int modalities) {
        if (list.size() != 1 + 2 * modalities) {
            throw new IllegalArgumentException("expected " + (1 + 2 * modalities) + " outputs, got " + list.size());
        }
        this.list = list;
        this.modalities = modalities;
    }

    /** Number of modalities {@code M}. */
    public int modalityCount() {
        return modalities;
    }

    /** Fused logits {@code {B, K}}. */
    public NDArray fused() {
        return list.get(0);
    }

    /** Unimodal head logits {@code {B, K}} of modality {@code m}. */
    public NDArray unimodal(int m) {
        return list.get(1 + m);
    }

    /** Encoder embedding {@code {B, D_m}} of modality {@code m}. */
    public NDArray embedding(int m) {
        return list.get(1 + modalities + m);
    }

    /** The raw list. */
    public NDList list() {
        return list;
    }
}
