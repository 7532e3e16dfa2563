package dev.bss.core.pacing;

/**
 * Linear pacing: {@code λ(t) = min(1, λ0 + (1 − λ0) · t / T_grow)}, exactly 1 for {@code t ≥ T_grow}.
 * Source: literature assumption (method.md E10; the paper gives no formula).
 */
public final class LinearPacing implements PacingFunction {

    private final double lambda0;
    private final int tGrow;

    /**
     * @param lambda0 initial fraction in (0, 1]
     * @param tGrow first epoch with λ = 1, ≥ 1
     */
    public LinearPacing(double lambda0, int tGrow) {
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
        return Math.min(1.0, lambda0 + (1 - lambda0) * epoch / tGrow);
    }

    @Override
    public String toString() {
        return "linear(lambda0=" + lambda0 + ", tGrow=" + tGrow + ")";
    }
}
