package dev.bss.engine.model;

import java.util.Arrays;

/**
 * How the network turns each modality's embedding into unimodal logits {@code z_m}:
 * <ul>
 *   <li>{@code own-linear} (default): one linear head per modality, {@code z_m = W_m e_m + b_m}.</li>
 *   <li>{@code shared-linear}: one linear head {@code h} for every modality, {@code z_m = h(e_m)} (MLA's shared
 *       head, where the cross-modal interaction is learnt).</li>
 *   <li>{@code shared-mlp}: one two-layer MLP {@code d → 256 → K} with ReLU for every modality (ReconBoost's
 *       "common space" head).</li>
 * </ul>
 * A shared head needs one input size: modalities whose embedding size differs from the largest one get a linear
 * projection {@code projection-<modality>} to it first (part of that modality's head path).
 */
public enum UnimodalHeads {
    OWN_LINEAR("own-linear"),
    SHARED_LINEAR("shared-linear"),
    SHARED_MLP("shared-mlp");

    /** Hidden width of {@link #SHARED_MLP} (ReconBoost's {@code Head}: 256). */
    public static final int MLP_HIDDEN = 256;

    private final String id;

    UnimodalHeads(String id) {
        this.id = id;
    }

    /** Stable kebab-case id. */
    public String id() {
        return id;
    }

    /** Whether every modality goes through the same head. */
    public boolean shared() {
        return this != OWN_LINEAR;
    }

    /** The kind with this id, or an error naming the allowed ids. */
    public static UnimodalHeads fromId(String id) {
        for (UnimodalHeads h : values()) {
            if (h.id.equals(id)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown unimodal heads '" + id + "'; allowed: "
                + String.join(", ", Arrays.stream(values()).map(UnimodalHeads::id).toList()));
    }
}
