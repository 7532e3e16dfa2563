package dev.bss.core.measure;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A raw per-sample statistic produced by the scoring pass. The {@link #header()} names are the column
 * names of score files (see {@link dev.bss.core.io.ScoreFile}).
 */
public enum RawColumn {
    /** Cosine similarity of the unimodal predictions (softmax probabilities in the reference code), E1. */
    PREDICTION_SIMILARITY("pred_sim"),
    /** Cosine similarity of the unimodal feature embeddings, E9. */
    FEATURE_SIMILARITY("feat_sim"),
    /** Total training loss {@code CE_multi + Σ CE_uni}, E2. */
    LOSS("loss"),
    /** Gradient magnitude {@code ||∇θ L||₂}, E9. */
    GRADIENT_MAGNITUDE("grad_mag");

    private final String header;

    RawColumn(String header) {
        this.header = header;
    }

    /** The column name used in score files, e.g. {@code pred_sim}. */
    public String header() {
        return header;
    }

    /**
     * Looks a column up by its score-file header name.
     *
     * @throws IllegalArgumentException naming the allowed names when {@code header} is unknown
     */
    public static RawColumn fromHeader(String header) {
        for (RawColumn c : values()) {
            if (c.header.equals(header)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown raw column '" + header + "'; allowed: "
                + Arrays.stream(values()).map(RawColumn::header).collect(Collectors.joining(", ")));
    }
}
