package dev.bss.engine.train;

import java.util.Arrays;

/**
 * How per-sample statistics for the balance measurer are obtained.
 *
 * <ul>
 *   <li>{@link #PASS}: a separate pass over the training set in eval mode without gradients, in large batches
 *       (BatchNorm uses running statistics). Costs one forward pass over the training set (≈ 1/3 of a training
 *       epoch).</li>
 *   <li>{@link #REFERENCE_CODE}: the same pass as the official scripts do it: train mode (BatchNorm batch
 *       statistics, and its running statistics are updated), the autograd graph is built and discarded, batches of
 *       the training batch size. Costs more than {@code pass}.</li>
 *   <li>{@link #ONLINE}: values recorded from the training forward pass itself (train mode, the parameters of the
 *       moment each batch was seen); samples not visited in the previous epoch keep their last value. Almost free.
 *       A documented deviation: scores mix several parameter states. The very first scoring (nothing recorded yet)
 *       falls back to {@code pass}.</li>
 *   <li>{@link #TABLE}: no pass at all; the method reads the epoch's scores from a score table computed elsewhere
 *       (e.g. {@code bss spark score}), and the loop hands {@code balanceScores} no statistics ({@code null}).</li>
 * </ul>
 */
public enum ScoringMode {
    PASS("pass"),
    REFERENCE_CODE("reference-code"),
    ONLINE("online"),
    TABLE("table");

    private final String id;

    ScoringMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ScoringMode fromId(String id) {
        for (ScoringMode m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown scoring mode '" + id + "'; allowed: "
                + Arrays.stream(values()).map(ScoringMode::id).toList());
    }
}
