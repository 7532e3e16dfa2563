package dev.bss.core.schedule;

/**
 * Maps smoothed balance scores {@code ŝ_i} to non-negative sampling weights {@code w_i} (probabilities
 * {@code p_i = w_i / Σ w}) for the learning-based scheduler.
 * <ul>
 *   <li>{@link #softmax(double)} (paper E7, default, τ = 1): {@code w_i = exp((ŝ_i − max ŝ)/τ)}, i.e.
 *       {@code p = softmax(ŝ/τ)}. Weights can underflow to 0 for score gaps above about 745·τ.</li>
 *   <li>{@link #linear(double)} (reference code, D6): {@code w_i = 1 + floor + ŝ_i} (floor 0.01 gives the
 *       code's {@code 1.01 + s}; floor 0 gives NVGesture's {@code 1 + s}).</li>
 * </ul>
 * A NaN score (a sample dropped by the measurer) gives weight NaN, which the scheduler treats as
 * "excluded". A negative linear weight is an error ({@link IllegalArgumentException} naming the sample
 * index and score); zero weights are allowed (see {@link WeightedSampling}).
 */
public interface ProbabilityTransform {

    /** Stable description, e.g. {@code softmax(1.0)} or {@code linear(0.01)}. */
    String id();

    /**
     * Writes the weight of each score into {@code out}.
     *
     * @throws IllegalArgumentException for an infinite score or a negative weight
     */
    void weights(double[] scores, double[] out);

    /** Probabilities {@code w_i / Σ w} (NaN scores get probability 0). */
    default double[] probabilities(double[] scores) {
        double[] w = new double[scores.length];
        weights(scores, w);
        double sum = 0;
        for (double x : w) {
            if (!Double.isNaN(x)) {
                sum += x;
            }
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException(id() + ": all weights are zero or excluded");
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = Double.isNaN(w[i]) ? 0.0 : w[i] / sum;
        }
        return w;
    }

    /**
     * Softmax with temperature {@code τ > 0} (paper E7 uses τ = 1).
     *
     * @throws IllegalArgumentException if τ is not a positive finite number
     */
    static ProbabilityTransform softmax(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("softmax temperature must be > 0 and finite, got " + temperature);
        }
        return new ProbabilityTransform() {
            @Override
            public String id() {
                return "softmax(" + temperature + ")";
            }

            @Override
            public void weights(double[] scores, double[] out) {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < scores.length; i++) {
                    double s = scores[i];
                    if (Double.isInfinite(s)) {
                        throw new IllegalArgumentException("softmax: score of sample " + i + " is " + s);
                    }
                    if (s > max) {
                        max = s;
                    }
                }
                for (int i = 0; i < scores.length; i++) {
                    double s = scores[i];
                    out[i] = Double.isNaN(s) ? Double.NaN : Math.exp((s - max) / temperature);
                }
            }

            @Override
            public String toString() {
                return id();
            }
        };
    }

    /**
     * Linear weights {@code w = 1 + floor + s} (reference code: floor 0.01).
     *
     * @throws IllegalArgumentException if {@code floor} is negative or not finite
     */
    static ProbabilityTransform linear(double floor) {
        if (!(floor >= 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("linear floor must be >= 0 and finite, got " + floor);
        }
        return new ProbabilityTransform() {
            @Override
            public String id() {
                return "linear(" + floor + ")";
            }

            @Override
            public void weights(double[] scores, double[] out) {
                double base = 1 + floor;
                for (int i = 0; i < scores.length; i++) {
                    double s = scores[i];
                    if (Double.isInfinite(s)) {
                        throw new IllegalArgumentException("linear: score of sample " + i + " is " + s);
                    }
                    double w = base + s;
                    if (w < 0) {
                        throw new IllegalArgumentException("linear: weight 1 + " + floor + " + s = " + w
                                + " of sample " + i + " is negative (score " + s + "); scores must be >= " + (-base));
                    }
                    out[i] = w;
                }
            }

            @Override
            public String toString() {
                return id();
            }
        };
    }
}
