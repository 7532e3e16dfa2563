package dev.bss.core.pacing;

import java.util.List;

/**
 * Factory for the pacing functions of the paper's appendix C.3 (method.md E4, E10). All are capped at 1
 * and return exactly 1 for {@code t ≥ T_grow}.
 *
 * <table>
 *   <caption>Pacing functions ({@code t} = epoch from 1)</caption>
 *   <tr><th>id</th><th>{@code λ(t)} for {@code t < T_grow}</th><th>source</th></tr>
 *   <tr><td>{@code root}</td><td>{@code sqrt((1 − λ0²)/T_grow · t + λ0²)}</td><td>paper E4 and reference code</td></tr>
 *   <tr><td>{@code root-3}, {@code root-5}</td><td>{@code ((1 − λ0^p)/T_grow · t + λ0^p)^(1/p)}, p = 3, 5</td><td>literature assumption (Platanios et al. 2019)</td></tr>
 *   <tr><td>{@code linear}</td><td>{@code λ0 + (1 − λ0) · t / T_grow}</td><td>literature assumption</td></tr>
 *   <tr><td>{@code geometric}</td><td>{@code λ0 · (1/λ0)^(t/T_grow)} = {@code 2^(log2 λ0 − log2 λ0 · t/T_grow)}</td><td>literature assumption</td></tr>
 *   <tr><td>{@code baby-step}</td><td>{@code λ0 + (1 − λ0) · floor(B · t / T_grow) / B}</td><td>literature assumption (bins), this project's choice of form</td></tr>
 * </table>
 */
public final class PacingFunctions {

    /** The accepted ids, in the appendix's order. */
    public static final List<String> IDS = List.of("baby-step", "linear", "root", "root-3", "root-5", "geometric");

    /** Default number of baby-step bins when none is given (not found in the paper; a choice). */
    public static final int DEFAULT_BINS = 10;

    private PacingFunctions() {
    }

    /**
     * Builds a pacing function by id.
     *
     * @param id one of {@link #IDS}
     * @param lambda0 initial fraction {@code λ0 ∈ (0, 1]}
     * @param tGrow {@code T_grow ≥ 1}, the first epoch at which {@code λ = 1}
     * @param bins number of baby-step bins {@code B ≥ 1} (ignored by the other functions)
     * @throws IllegalArgumentException naming the bad argument
     */
    public static PacingFunction of(String id, double lambda0, int tGrow, int bins) {
        if (id == null) {
            throw new IllegalArgumentException("pacing function id is missing; allowed: " + String.join(", ", IDS));
        }
        switch (id) {
            case "baby-step":
                return new BabyStepPacing(lambda0, tGrow, bins);
            case "linear":
                return new LinearPacing(lambda0, tGrow);
            case "root":
                return new RootPacing(2, lambda0, tGrow);
            case "root-3":
                return new RootPacing(3, lambda0, tGrow);
            case "root-5":
                return new RootPacing(5, lambda0, tGrow);
            case "geometric":
                return new GeometricPacing(lambda0, tGrow);
            default:
                throw new IllegalArgumentException("unknown pacing function '" + id + "'; allowed: " + String.join(", ", IDS));
        }
    }

    /** The paper's root function (E4). */
    public static PacingFunction root(double lambda0, int tGrow) {
        return new RootPacing(2, lambda0, tGrow);
    }

    /** A function that is 1 at every epoch (no curriculum). */
    public static PacingFunction full() {
        return epoch -> {
            checkEpoch(epoch);
            return 1.0;
        };
    }

    static void checkLambda0(double lambda0) {
        if (!(lambda0 > 0 && lambda0 <= 1)) {
            throw new IllegalArgumentException("lambda0 must be in (0, 1], got " + lambda0);
        }
    }

    static void checkTGrow(int tGrow) {
        if (tGrow < 1) {
            throw new IllegalArgumentException("T_grow must be >= 1, got " + tGrow);
        }
    }

    static void checkEpoch(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1 (epochs count from 1), got " + epoch);
        }
    }
}
