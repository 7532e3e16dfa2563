package dev.bss.engine.train;

import java.util.List;

/**
 * Thrown when a batch objective is NaN or infinite. The run stops; the last checkpoint written (end of the previous
 * epoch) stays the last good one. {@link #firstNonFinite()} names the first non-finite tensor of the batch (a
 * parameter, an input element or a layer's output; see {@code NonFiniteDiagnosis}).
 */
public final class NonFiniteLossException extends RuntimeException {

    private final int epoch;
    private final int batchIndex;
    private final List<String> sampleIds;
    private final String firstNonFinite;

    public NonFiniteLossException(int epoch, int batchIndex, double loss, List<String> sampleIds) {
        this(epoch, batchIndex, loss, sampleIds, null);
    }

    /**
     * @param firstNonFinite what was found non-finite first (null when not diagnosed)
     */
    public NonFiniteLossException(int epoch, int batchIndex, double loss, List<String> sampleIds, String firstNonFinite) {
        super("non-finite loss " + loss + " at epoch " + epoch + ", batch " + batchIndex + " (samples "
                + (sampleIds.size() > 20 ? sampleIds.subList(0, 20) + " ... " + sampleIds.size() + " in all" : sampleIds)
                + ")" + (firstNonFinite == null ? "" : "; first non-finite tensor: " + firstNonFinite)
                + "; the last good checkpoint is kept");
        this.epoch = epoch;
        this.batchIndex = batchIndex;
        this.sampleIds = List.copyOf(sampleIds);
        this.firstNonFinite = firstNonFinite;
    }

    public int epoch() {
        return epoch;
    }

    public int batchIndex() {
        return batchIndex;
    }

    public List<String> sampleIds() {
        return sampleIds;
    }

    /** The first non-finite tensor of the batch, or null when not diagnosed. */
    public String firstNonFinite() {
        return firstNonFinite;
    }
}
