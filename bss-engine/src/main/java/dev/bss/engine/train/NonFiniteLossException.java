package dev.bss.engine.train;

import java.util.List;

/**
 * Thrown when a batch objective is NaN or infinite. The run stops; the last checkpoint written (end of the previous
 * epoch) stays the last good one.
 */
public final class NonFiniteLossException extends RuntimeException {

    private final int epoch;
    private final int batchIndex;
    private final List<String> sampleIds;

    public NonFiniteLossException(int epoch, int batchIndex, double loss, List<String> sampleIds) {
        super("non-finite loss " + loss + " at epoch " + epoch + ", batch " + batchIndex + " (samples "
                + (sampleIds.size() > 20 ? sampleIds.subList(0, 20) + " ... " + sampleIds.size() + " in all" : sampleIds)
                + "); the last good checkpoint is kept");
        this.epoch = epoch;
        this.batchIndex = batchIndex;
        this.sampleIds = List.copyOf(sampleIds);
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
}
