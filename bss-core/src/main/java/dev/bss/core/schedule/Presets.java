package dev.bss.core.schedule;

/**
 * The two named {@link Preset}s: {@link #paper()} (the paper's equations, with documented assumptions) and
 * {@link #referenceCode()} (the official code's behaviour). docs/core.md has the side-by-side table.
 */
public final class Presets {

    private Presets() {
    }

    /** Softmax τ = 1, EMA β = 0.6, E = 1, no replacement; root λ0 0.1 T_grow 40, ranked once. */
    public static Preset paper() {
        return Preset.paper();
    }

    /** Linear {@code 1.01 + s}, β = 1, E = 1, no replacement; root λ0 0.1 T_grow 40, ranked once by the untrained model. */
    public static Preset referenceCode() {
        return Preset.referenceCode();
    }

    /**
     * {@code paper} or {@code reference-code}.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    public static Preset fromId(String id) {
        return Preset.fromId(id);
    }
}
