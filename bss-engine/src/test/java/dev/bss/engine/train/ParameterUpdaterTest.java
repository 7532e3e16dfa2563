package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.IOException;
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
}
