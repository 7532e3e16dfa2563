package dev.bss.core.pacing;

/**
 * Baby-step pacing (a staircase): the ranked data beyond the initial {@code λ0} share is split into
 * {@code B} equal bins and one bin is added every {@code T_grow / B} epochs:
 * {@code λ(t) = min(1, λ0 + (1 − λ0) · floor(B · t / T_grow) / B)}.
 *
 * <p>So {@code λ(1) = λ0} whenever {@code B < T_grow} (a larger B makes the first step come at t = 1),
 * the fraction is piecewise constant, and it reaches exactly 1 at {@code t = T_grow}, like the other
 * functions. With {@code λ0 = 1/(B+1)} all {@code B+1} blocks have equal size. Example: λ0 0.1,
 * T_grow 40, B 10: 0.1 for t = 1..3, 0.19 for t = 4..7, ..., 0.91 for t = 36..39, 1 from t = 40.
 *
 * <p>Source: literature assumption (Bengio et al. 2009 / Spitkovsky et al. 2010 "baby steps"; appendix
 * C.3 describes bins added after fixed epochs); the exact form and B are this project's choice
 * (method.md E10: B not found).
 */
public final class BabyStepPacing implements PacingFunction {

    private final double lambda0;
    private final int tGrow;
    private final int bins;

    /**
     * @param lambda0 initial fraction in (0, 1]
     * @param tGrow first epoch with λ = 1, ≥ 1
     * @param bins number of bins B ≥ 1
     */
    public BabyStepPacing(double lambda0, int tGrow, int bins) {
        PacingFunctions.checkLambda0(lambda0);
        PacingFunctions.checkTGrow(tGrow);
        if (bins < 1) {
            throw new IllegalArgumentException("baby-step bins must be >= 1, got " + bins);
        }
        this.lambda0 = lambda0;
        this.tGrow = tGrow;
        this.bins = bins;
    }

    @Override
    public double fraction(int epoch) {
        PacingFunctions.checkEpoch(epoch);
        if (epoch >= tGrow) {
            return 1.0;
        }
        long step = (long) bins * epoch / tGrow; // exact integer floor
        return Math.min(1.0, lambda0 + (1 - lambda0) * step / bins);
    }

    @Override
    public String toString() {
        return "baby-step(lambda0=" + lambda0 + ", tGrow=" + tGrow + ", bins=" + bins + ")";
    }
}
