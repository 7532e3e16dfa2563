package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-computed updates of SGD (PyTorch semantics) and Adam on w = (1, 1) with gradient c = (1, 2). */
class ParameterUpdaterTest {

    static Parameter parameter(NDManager m) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(2))
                .optInitializer(Initializer.ONES).build();
        p.initialize(m, DataType.FLOAT32);
        return p;
    }

    static void backward(NDManager m, Parameter p) {
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            c.backward(p.getArray().mul(m.create(new float[] {1, 2})).sum());
        }
    }

    static float[] run(OptimizerSettings settings, int steps) {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = parameter(m);
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", p);
            ParameterUpdater u = new ParameterUpdater(settings, params, m);
            for (int i = 0; i < steps; i++) {
                backward(m, p);
                u.step(settings.learningRate());
                assertArrayEquals(new float[] {0, 0}, p.getArray().getGradient().toFloatArray(), "gradients are zeroed");
            }
            return p.getArray().toFloatArray();
        }
    }

    @Test
    void sgdWithMomentum() {
        OptimizerSettings s = OptimizerSettings.builder().optLearningRate(0.1).optMomentum(0.9).optWeightDecay(0).build();
        assertArrayEquals(new float[] {0.9f, 0.8f}, run(s, 1), 1e-6f);
        // buffer (1.9, 3.8) at step 2
        assertArrayEquals(new float[] {0.71f, 0.42f}, run(s, 2), 1e-6f);
    }

    @Test
    void sgdWeightDecayIsAddedToTheGradient() {
        OptimizerSettings s = OptimizerSettings.builder().optLearningRate(0.1).optMomentum(0.9).optWeightDecay(0.1).build();
        assertArrayEquals(new float[] {0.89f, 0.79f}, run(s, 1), 1e-6f);
    }

    @Test
    void adamMovesByTheLearningRateWhileTheGradientIsConstant() {
        OptimizerSettings s = OptimizerSettings.builder().optKind(OptimizerSettings.Kind.ADAM).optLearningRate(0.1).optWeightDecay(0).build();
        assertArrayEquals(new float[] {0.9f, 0.9f}, run(s, 1), 1e-5f);
        assertArrayEquals(new float[] {0.8f, 0.8f}, run(s, 2), 1e-5f);
    }

    @Test
    void stepLearningRate() {
        OptimizerSettings s = OptimizerSettings.builder().optLearningRate(0.01).optStepLr(70, 0.1).build();
        assertEquals(0.01, s.learningRate(70), 1e-15);
        assertEquals(0.001, s.learningRate(71), 1e-15);
    }

    @Test
    void stateRoundTrip() throws IOException {
        OptimizerSettings s = OptimizerSettings.builder().optLearningRate(0.1).optMomentum(0.9).optWeightDecay(0).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = parameter(m);
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", p);
            ParameterUpdater first = new ParameterUpdater(s, params, m);
            backward(m, p);
            first.step(0.1);
            ParameterUpdater second = new ParameterUpdater(s, params, m);
            second.restoreState(first.saveState());
            assertEquals(1, second.steps());
            backward(m, p);
            second.step(0.1);
            assertArrayEquals(new float[] {0.71f, 0.42f}, p.getArray().toFloatArray(), 1e-6f);
        }
    }

    /**
     * w and u start at (1, 1); step 1 reaches both with gradient c = (1, 2), step 2 only w, step 3 both again. SGD lr
     * 0.1, momentum 0.9, weight decay 0.1 (hand-computed): step 1 gives both (0.89, 0.79); in step 2 u has no
     * gradient and stays (0.89, 0.79) exactly (no decay, no momentum move), w goes to (0.6821, 0.3931) with buffer
     * (2.079, 3.969); step 3 moves u from its step-1 buffer to (0.6821, 0.3931), the value w had after two steps, as
     * if the skipped step never happened.
     */
    @Test
    void aParameterWithoutGradientIsLeftUntouched() {
        OptimizerSettings sgd = OptimizerSettings.builder().optLearningRate(0.1).optMomentum(0.9).optWeightDecay(0.1).build();
        float[][] r = skipMiddleStep(sgd);
        assertArrayEquals(new float[] {0.89f, 0.79f}, r[0], 1e-6f, "u after the step without gradient");
        assertArrayEquals(new float[] {0.6821f, 0.3931f}, r[1], 1e-6f, "w after two steps");
        assertArrayEquals(new float[] {0.6821f, 0.3931f}, r[2], 1e-6f, "u after its second step");
        // Adam: u's moments and step count stay put while it has no gradient, so its second step is w's second step
        OptimizerSettings adam = OptimizerSettings.builder().optKind(OptimizerSettings.Kind.ADAM).optLearningRate(0.1).optWeightDecay(0.1).build();
        float[][] a = skipMiddleStep(adam);
        assertArrayEquals(new float[] {0.9f, 0.9f}, a[0], 1e-5f, "u after the step without gradient");
        assertArrayEquals(a[1], a[2], 0f, "u's second step equals w's second step exactly");
    }

    /** Returns u after step 2, w after step 2, u after step 3. */
    private static float[][] skipMiddleStep(OptimizerSettings settings) {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = parameter(m);
            Parameter u = Parameter.builder().setName("u").setType(Parameter.Type.WEIGHT).optShape(new Shape(2))
                    .optInitializer(Initializer.ONES).build();
            u.initialize(m, DataType.FLOAT32);
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", w);
            params.add("u", u);
            ParameterUpdater updater = new ParameterUpdater(settings, params, m);
            both(m, w, u);
            updater.step(0.1, Set.of());
            backward(m, w);
            updater.step(0.1, Set.of(u));
            float[] u2 = u.getArray().toFloatArray();
            float[] w2 = w.getArray().toFloatArray();
            both(m, w, u);
            updater.step(0.1, Set.of());
            return new float[][] {u2, w2, u.getArray().toFloatArray()};
        }
    }

    private static void both(NDManager m, Parameter w, Parameter u) {
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray grad = m.create(new float[] {1, 2});
            c.backward(w.getArray().mul(grad).sum().add(u.getArray().mul(grad).sum()));
        }
    }
}
