package dev.bss.core.measure;

/** What {@link BalanceMeasurer} does with a NaN or infinite raw value in a column its criterion uses. */
public enum NonFinitePolicy {
    /** Default: throw an {@link IllegalArgumentException} naming the sample id and the column. */
    FAIL,
    /**
     * Drop the sample: it is excluded from the normalisation statistics (min, max, mean, ranks) and its
     * balance score is {@link Double#NaN}; schedulers never visit samples whose score is NaN.
     */
    DROP
}
