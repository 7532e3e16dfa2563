package dev.bss.engine.train;

/**
 * Optimiser and learning-rate schedule. SGD follows PyTorch semantics ({@code g ← ∇ + wd·w; b ← μ·b + g;
 * w ← w − lr·b}, the first step sets {@code b = g}); Adam follows {@code torch.optim.Adam} with L2 weight decay
 * added to the gradient. Step LR: {@code lr(epoch) = lr · γ^⌊(epoch−1)/stepSize⌋} (epochs from 1), i.e. PyTorch's
 * {@code StepLR(step_size, gamma)} stepped once per epoch. Defaults are the reference CREMA-D settings: SGD,
 * lr 0.01, momentum 0.9, weight decay 1e-4, step 70, γ 0.1.
 */
public final class OptimizerSettings {

    /** The optimiser family. */
    public enum Kind { SGD, ADAM }

    private final Kind kind;
    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final int stepSize;
    private final double gamma;

    private OptimizerSettings(Builder b) {
        this.kind = b.kind;
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.stepSize = b.stepSize;
        this.gamma = b.gamma;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Kind kind() { return kind; }
    public double learningRate() { return learningRate; }
    public double momentum() { return momentum; }
    public double weightDecay() { return weightDecay; }
    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double epsilon() { return epsilon; }
    public int stepSize() { return stepSize; }
    public double gamma() { return gamma; }

    /** Learning rate during {@code epoch} (counted from 1). */
    public double learningRate(int epoch) {
        return learningRate * Math.pow(gamma, (epoch - 1) / stepSize);
    }

    @Override
    public String toString() {
        return kind == Kind.SGD
                ? String.format(java.util.Locale.ROOT, "sgd(lr=%g, momentum=%g, wd=%g, step=%d, gamma=%g)", learningRate, momentum, weightDecay, stepSize, gamma)
                : String.format(java.util.Locale.ROOT, "adam(lr=%g, betas=(%g,%g), eps=%g, wd=%g, step=%d, gamma=%g)", learningRate, beta1, beta2, epsilon, weightDecay, stepSize, gamma);
    }

    public static final class Builder {
        private Kind kind = Kind.SGD;
        private double learningRate = 0.01;
        private double momentum = 0.9;
        private double weightDecay = 1e-4;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private int stepSize = 70;
        private double gamma = 0.1;

        public Builder optKind(Kind kind) { this.kind = kind; return this; }
        public Builder optLearningRate(double lr) { this.learningRate = lr; return this; }
        public Builder optMomentum(double momentum) { this.momentum = momentum; return this; }
        public Builder optWeightDecay(double wd) { this.weightDecay = wd; return this; }
        public Builder optBetas(double beta1, double beta2) { this.beta1 = beta1; this.beta2 = beta2; return this; }
        public Builder optEpsilon(double epsilon) { this.epsilon = epsilon; return this; }
        public Builder optStepLr(int stepSize, double gamma) { this.stepSize = stepSize; this.gamma = gamma; return this; }

        public OptimizerSettings build() {
            check(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
            check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
            check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight decay must be >= 0, got " + weightDecay);
            check(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
            check(epsilon > 0, "Adam epsilon must be > 0, got " + epsilon);
            check(stepSize >= 1, "lr step size must be >= 1, got " + stepSize);
            check(gamma > 0 && gamma <= 1, "lr gamma must be in (0, 1], got " + gamma);
            return new OptimizerSettings(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("optimizer: " + message);
            }
        }
    }
}
