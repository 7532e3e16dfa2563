package dev.bss.core.schedule;

import dev.bss.core.measure.BalanceMeasurer;
import dev.bss.core.measure.Criterion;
import dev.bss.core.measure.Normalization;
import dev.bss.core.order.Order;
import dev.bss.core.pacing.PacingFunction;
import dev.bss.core.pacing.PacingFunctions;

/**
 * A named configuration of the measurer and both schedulers (see docs/core.md for the side-by-side table).
 * <ul>
 *   <li>{@link #paper()}: as written in the paper (slides/appendix): pred-sim + loss, min-max, root pacing
 *       λ0 0.1 T_grow 40, ranking once; BSS-L with softmax (τ = 1), EMA β = 0.6 (best β read off Fig. 3b;
 *       the value behind Table 1 is not found), refresh period E = 1 (not found; assumption), weighted
 *       permutation without replacement (replacement not stated; assumption).</li>
 *   <li>{@link #referenceCode()}: the official code: same measurer and heuristic settings (ranked once by
 *       the untrained model), BSS-L with linear weights {@code 1.01 + s}, β = 1 (no EMA), E = 1, weighted
 *       permutation without replacement.</li>
 * </ul>
 *
 * @param id preset id ({@code paper} or {@code reference-code})
 * @param criterion measurer criterion
 * @param normalization measurer normalisation
 * @param pacingFunction pacing function id
 * @param lambda0 initial fraction
 * @param tGrow first epoch with λ = 1
 * @param order ranking direction
 * @param rankingPolicy when the heuristic scheduler ranks
 * @param refreshPeriod BSS-L refresh period E
 * @param beta BSS-L EMA weight β
 * @param transform BSS-L weights
 * @param replacement BSS-L sampling with replacement
 */
public record Preset(String id, Criterion criterion, Normalization normalization, String pacingFunction,
        double lambda0, int tGrow, Order order, RankingPolicy rankingPolicy, int refreshPeriod, double beta,
        ProbabilityTransform transform, boolean replacement) {

    /** The paper's settings (with the stated assumptions). */
    static Preset paper() {
        return new Preset("paper", Criterion.PRESIM_LOSS, Normalization.MIN_MAX, "root", 0.1, 40, Order.CL,
                RankingPolicy.once(), 1, 0.6, ProbabilityTransform.softmax(1.0), false);
    }

    /** The official code's settings. */
    static Preset referenceCode() {
        return new Preset("reference-code", Criterion.PRESIM_LOSS, Normalization.MIN_MAX, "root", 0.1, 40,
                Order.CL, RankingPolicy.once(), 1, 1.0, ProbabilityTransform.linear(0.01), false);
    }

    /**
     * Looks a preset up by id.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    static Preset fromId(String id) {
        switch (id) {
            case "paper":
                return paper();
            case "reference-code":
                return referenceCode();
            default:
                throw new IllegalArgumentException("unknown preset '" + id + "'; allowed: paper, reference-code");
        }
    }

    /** The measurer of this preset. */
    public BalanceMeasurer measurer() {
        return BalanceMeasurer.builder().optCriterion(criterion).optNormalization(normalization).build();
    }

    /** The pacing function of this preset. */
    public PacingFunction pacing() {
        return PacingFunctions.of(pacingFunction, lambda0, tGrow, PacingFunctions.DEFAULT_BINS);
    }

    /** A heuristic-scheduler builder preconfigured with this preset (add {@code optMinimumSubset} as needed). */
    public HeuristicScheduler.Builder heuristic(int n, long seed) {
        return HeuristicScheduler.builder().setSize(n).setSeed(seed).setPacing(pacing()).optOrder(order)
                .optRankingPolicy(rankingPolicy);
    }

    /** A learning-based-scheduler builder preconfigured with this preset. */
    public LearningBasedScheduler.Builder learning(int n, long seed) {
        return LearningBasedScheduler.builder().setSize(n).setSeed(seed).optRefreshPeriod(refreshPeriod)
                .optBeta(beta).optTransform(transform).optReplacement(replacement);
    }
}
