package dev.bss.core.pacing;

/**
 * Geometric pacing: {@code λ(t) = min(1, λ0 · (1/λ0)^(t/T_grow))}, i.e.
 * {@code 2^(log2 λ0 − log2 λ0 · t/T_grow)}; exactly 1 for {@code t ≥ T_grow}. It spends more epochs on
 * the easiest samples than root or linear. Source: literature assumption (method.md E10).
 */
public final class GeometricPacing implements PacingFunction {

    private final double lambda0;
    private final int tGrow;

    /**
     * @param lambda0 initial fraction in (0, 1]
     * @param tGrow first epoch with λ = 1, ≥ 1
     */
    public GeometricPacing(double lambda0, int tGrow) {
        PacingFunctions.checkLambda0(lambda0);
        PacingFunctions.checkTGrow(tGrow);
        this.lambda0 = lambda0;
        this.tGrow = tGrow;
    }

    @Override
    public double fraction(int epoch) {
        PacingFunctions.checkEpoch(epoch);
        if (epoch >= tGrow) {
            return 1.0;
        }
        return Math.min(1.0, lambda0 * Math.pow(1.0 / lambda0, (double) epoch / tGrow));
    }

    @Override
    public String toString() {
        return "geometric(lambda0=" + lambda0 + ", tGrow=" + tGrow + ")";
    }
}
