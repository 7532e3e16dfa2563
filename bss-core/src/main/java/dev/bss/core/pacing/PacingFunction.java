package dev.bss.core.pacing;

/**
 * A pacing function {@code λ(t)}: the fraction of the ranked training set used at epoch {@code t}
 * (method.md E4, E5). Implementations are monotone non-decreasing, lie in {@code (0, 1]} and equal 1 from
 * {@code T_grow} on.
 */
@FunctionalInterface
public interface PacingFunction {

    /**
     * The data fraction at {@code epoch}.
     *
     * @param epoch epoch counted from 1 ({@code t = epoch_index + 1} in the reference code)
     * @return {@code λ(t) ∈ (0, 1]}
     * @throws IllegalArgumentException if {@code epoch < 1}
     */
    double fraction(int epoch);
}
