package dev.bss.core.measure;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The balance criteria of the paper's appendix Table 1 (method.md E1, E2, E9). A criterion has a
 * correlation part (a similarity, higher = more balanced) and/or an information part (loss or gradient
 * magnitude, higher = less balanced). The balance score is
 * <ul>
 *   <li>combination: {@code s = Norm(sim) − Norm(info)} (E3),</li>
 *   <li>similarity only: {@code s = Norm(sim)},</li>
 *   <li>information only: {@code s = −Norm(info)}.</li>
 * </ul>
 * {@link #PRESIM_LOSS} is the paper's final measurer and the default.
 */
public enum Criterion {
    /** Feature similarity {@code sim(e^(u), e^(v))}. */
    FEATURE_SIMILARITY("feat-sim", RawColumn.FEATURE_SIMILARITY, null),
    /** Prediction similarity {@code sim(ŷ^(u), ŷ^(v))}. */
    PREDICTION_SIMILARITY("pred-sim", RawColumn.PREDICTION_SIMILARITY, null),
    /** Training loss {@code L^ce}. */
    TRAINING_LOSS("loss", null, RawColumn.LOSS),
    /** Gradient magnitude {@code ||∇θ L^ce||₂}. */
    GRADIENT_MAGNITUDE("grad-mag", null, RawColumn.GRADIENT_MAGNITUDE),
    /** {@code Norm(sim(e)) − Norm(||∇L||)}. */
    FEATSIM_GRADMAG("feat-sim+grad-mag", RawColumn.FEATURE_SIMILARITY, RawColumn.GRADIENT_MAGNITUDE),
    /** {@code Norm(sim(e)) − Norm(L^ce)}. */
    FEATSIM_LOSS("feat-sim+loss", RawColumn.FEATURE_SIMILARITY, RawColumn.LOSS),
    /** {@code Norm(sim(ŷ)) − Norm(||∇L||)}. */
    PRESIM_GRADMAG("pred-sim+grad-mag", RawColumn.PREDICTION_SIMILARITY, RawColumn.GRADIENT_MAGNITUDE),
    /** {@code Norm(sim(ŷ)) − Norm(L^ce)}: the paper's final BSS measurer (E3), the default. */
    PRESIM_LOSS("pred-sim+loss", RawColumn.PREDICTION_SIMILARITY, RawColumn.LOSS);

    private final String id;
    private final RawColumn similarity;
    private final RawColumn information;

    Criterion(String id, RawColumn similarity, RawColumn information) {
        this.id = id;
        this.similarity = similarity;
        this.information = information;
    }

    /** The stable id used in configs and on the command line, e.g. {@code pred-sim+loss}. */
    public String id() {
        return id;
    }

    /** The correlation (similarity) column, if this criterion has one. */
    public Optional<RawColumn> similarityColumn() {
        return Optional.ofNullable(similarity);
    }

    /** The information (loss or gradient) column, if this criterion has one. */
    public Optional<RawColumn> informationColumn() {
        return Optional.ofNullable(information);
    }

    /** The raw columns a {@link SampleStatistics} must hold for this criterion. */
    public Set<RawColumn> requiredColumns() {
        EnumSet<RawColumn> s = EnumSet.noneOf(RawColumn.class);
        if (similarity != null) {
            s.add(similarity);
        }
        if (information != null) {
            s.add(information);
        }
        return s;
    }

    /** The paper's final measurer, {@link #PRESIM_LOSS}. */
    public static Criterion defaultCriterion() {
        return PRESIM_LOSS;
    }

    /**
     * Looks a criterion up by its stable id.
     *
     * @throws IllegalArgumentException listing the allowed ids when {@code id} is unknown
     */
    public static Criterion fromId(String id) {
        for (Criterion c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown criterion '" + id + "'; allowed: " + allowedIds());
    }

    /** The allowed ids, comma separated. */
    public static String allowedIds() {
        return Arrays.stream(values()).map(Criterion::id).collect(Collectors.joining(", "));
    }
}
