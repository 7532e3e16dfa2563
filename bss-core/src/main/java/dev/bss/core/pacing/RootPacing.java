package dev.bss.core.pacing;

/**
 * Root-p pacing: {@code λ(t) = min(1, ((1 − λ0^p)/T_grow · t + λ0^p)^(1/p))}, and exactly 1 for
 * {@code t ≥ T_grow}.
 *
 * <p>Source: p = 2 is the paper's root function (E4, slides page 9) and the reference code
 * ({@code min(1, sqrt((1-0.01)/40*(e+1) + 0.01))}); p = 3, 5 are the literature forms assumed for the
 * appendix's root-3 and root-5 (Platanios et al. 2019; method.md E10). Example: λ0 0.1, T_grow 40 gives
 * 0.18641 (t = 1), 0.71063 (t = 20), 1 (t = 40). p = 2 uses {@link Math#sqrt} and p = 3 {@link Math#cbrt}.
 */
public final class RootPacing implements PacingFunction {

    private final int p;
    private final double lambda0;
    private final int tGrow;
    private final double lambda0p;

    /**
     * @param p root degree ≥ 1
     * @param lambda0 initial fraction in (0, 1]
     * @param tGrow first epoch with λ = 1, ≥ 1
     */
    public RootPacing(int p, double lambda0, int tGrow) {
        if (p < 1) {
            throw new IllegalArgumentException("root degree p must be >= 1, got " + p);
        }
        PacingFunctions.checkLambda0(lambda0);
        PacingFunctions.checkTGrow(tGrow);
        this.p = p;
        this.lambda0 = lambda0;
        this.tGrow = tGrow;
        this.lambda0p = Math.pow(lambda0, p);
    }

    @Override
    public double fraction(int epoch) {
        PacingFunctions.checkEpoch(epoch);
        if (epoch >= tGrow) {
            return 1.0;
        }
        double x = (1 - lambda0p) / tGrow * epoch + lambda0p;
        double v = p == 2 ? Math.sqrt(x) : p == 3 ? Math.cbrt(x) : p == 1 ? x : Math.pow(x, 1.0 / p);
        return Math.min(1.0, v);
    }

    @Override
    public String toString() {
        return (p == 2 ? "root" : "root-" + p) + "(lambda0=" + lambda0 + ", tGrow=" + tGrow + ")";
    }
}
