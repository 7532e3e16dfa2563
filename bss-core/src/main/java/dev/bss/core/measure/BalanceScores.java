package dev.bss.core.measure;

/**
 * Balance scores of one scoring pass, aligned with the sample ids: {@code scores[i]} belongs to
 * {@code ids[i]}; {@code dropped[i]} is true (and {@code scores[i]} NaN) when the sample was dropped under
 * {@link NonFinitePolicy#DROP}. Arrays are shared, not copied: treat them as read-only.
 *
 * @param ids sample ids
 * @param scores balance scores, higher = more balanced; NaN where dropped
 * @param dropped which samples were dropped
 */
public record BalanceScores(String[] ids, double[] scores, boolean[] dropped) {

    /** Number of samples, dropped ones included. */
    public int size() {
        return scores.length;
    }

    /** Number of dropped samples. */
    public int droppedCount() {
        int c = 0;
        for (boolean d : dropped) {
            if (d) {
                c++;
            }
        }
        return c;
    }
}
