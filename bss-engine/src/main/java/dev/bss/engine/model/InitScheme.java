package dev.bss.engine.model;

/** How parameters are initialised. */
public enum InitScheme {
    /**
     * As the reference code's {@code weight_init}: convolution weights Kaiming-normal with fan-out and ReLU gain
     * ({@code std = sqrt(2 / (C_out · k_h · k_w))}), linear weights Xavier-normal
     * ({@code std = sqrt(2 / (fan_in + fan_out))}), biases 0, BatchNorm γ = 1, β = 0.
     */
    REFERENCE,
    /** DJL's defaults (Xavier uniform-ish for weights, zeros for biases). */
    DJL_DEFAULT;

    /** Parses {@code reference} / {@code djl-default}. */
    public static InitScheme fromId(String id) {
        return switch (id) {
            case "reference" -> REFERENCE;
            case "djl-default" -> DJL_DEFAULT;
            default -> throw new IllegalArgumentException("unknown init scheme '" + id + "'; allowed: reference, djl-default");
        };
    }
}
