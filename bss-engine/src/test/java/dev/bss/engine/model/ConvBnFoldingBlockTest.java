package dev.bss.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code small-cnn} preset (conv → BN → max-pool → ReLU, batch norms folded in inference) against the textbook
 * block (conv → BN → ReLU → max-pool, no folding) with the same parameters and non-trivial running statistics.
 */
class ConvBnFoldingBlockTest {

    private static SequentialBlock textbookSmallCnn() {
        SequentialBlock b = new SequentialBlock();
        int[] filters = {32, 64, 128};
        for (int i = 0; i < filters.length; i++) {
            b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters[i]).build());
            b.add(BatchNorm.builder().optEpsilon(1e-5f).build());
            b.add(Activation.reluBlock());
            if (i < 2) {
                b.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        b.add(Pool.globalAvgPool2dBlock());
        return b;
    }

    @Test
    void presetMatchesTheTextbookBlockInTrainingAndInference() {
        ModalitySpec spec = ModalitySpec.of("audio", ModalityKind.AUDIO, 1, 12, 16);
        Shape input = new Shape(4, 1, 12, 16);
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            Block preset = EncoderPreset.SMALL_CNN.build(spec, 128);
            Block textbook = textbookSmallCnn();
            preset.initialize(m, DataType.FLOAT32, input);
            textbook.initialize(m, DataType.FLOAT32, input);
            List<Pair<String, Parameter>> a = preset.getParameters().stream().toList();
            List<Pair<String, Parameter>> b = textbook.getParameters().stream().toList();
            assertEquals(b.size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(b.get(i).getKey(), a.get(i).getKey(), "parameter names (and so checkpoints) unchanged");
                NDArray value = a.get(i).getKey().endsWith("runningVar")
                        ? m.randomUniform(0.2f, 3f, a.get(i).getValue().getArray().getShape())
                        : m.randomNormal(0f, 0.3f, a.get(i).getValue().getArray().getShape(), DataType.FLOAT32);
                a.get(i).getValue().getArray().set(value.toFloatArray());
                b.get(i).getValue().getArray().set(value.toFloatArray());
            }
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.randomNormal(input);
            float[] inferencePreset = preset.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] inferenceTextbook = textbook.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(inferenceTextbook, inferencePreset, 1e-4f, "folded inference = conv → BN(running) → ReLU → pool");
            float[] trainPreset = preset.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            float[] trainTextbook = textbook.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            assertArrayEquals(trainTextbook, trainPreset, 1e-5f, "training = textbook block (batch statistics)");
            // the comparison is not vacuous: batch statistics and running statistics give different outputs
            double diff = 0;
            for (int i = 0; i < trainPreset.length; i++) {
                diff = Math.max(diff, Math.abs(trainPreset[i] - inferencePreset[i]));
            }
            assertTrue(diff > 1e-2, "training and inference outputs differ, max |Δ| " + diff);
        }
    }

    /**
     * resnet18 trained on a channels-last input gives NCHW's values and parameter gradients. Its 1×1 stride-2
     * projection convolution 256 → 512 is the operation that went wrong: on a channels-last input, the oneDNN 1×1
     * kernel of this PyTorch build returned values about 40 % off (here, without the workaround in
     * {@link ConvBnFoldingBlock}: output max |Δ| 0.37 of max |output|; with it 1.0e-5, and every parameter gradient
     * within 4.4e-5 of NCHW's, relative to its largest element).
     *
     * <p>Seed 1 (as 2, 3 and 4) has no pre-activation within float rounding of a ReLU's kink on the machine this was
     * written on. Seed 7 had one, at 1.8e-6, that the two layouts' rounding put on opposite sides of zero; the
     * subgradient then differs at that element and every gradient below it differs by about 1e-2 (NCHW's matched a
     * float64 run to 2e-5, channels-last's were 1e-2 off it), which is rounding, not a kernel bug. If this test fails on another CPU with only early-layer gradients about 1e-2 apart,
     * look for such a sign flip first.
     */
    @Test
    void resnet18ChannelsLastTrainingGivesTheSameValuesAndGradients() {
        ModalitySpec spec = ModalitySpec.of("image", ModalityKind.IMAGE, 3, 32, 32);
        Shape input = new Shape(8, 3, 32, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(1);
            Block preset = EncoderPreset.RESNET18.build(spec, 512);
            preset.initialize(m, DataType.FLOAT32, input);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.randomNormal(input);
            List<Parameter> parameters = preset.getParameters().values().stream()
                    .filter(p -> p.requiresGradient()).toList();
            float[][] out = new float[2][];
            float[][][] grad = new float[2][parameters.size()][];
            for (int layout = 0; layout < 2; layout++) {
                // resnet18's top block is not an entry block: lay the input out channels-last by hand
                NDArray in = layout == 1 ? ConvBnFoldingBlock.channelsLast(x) : x;
                try (ai.djl.training.GradientCollector gc = m.getEngine().newGradientCollector()) {
                    NDArray y = preset.forward(store, new NDList(in), true).singletonOrThrow();
                    gc.backward(y.mul(m.arange(512f).div(512f)).sum()); // a loss whose gradient differs per unit
                    out[layout] = y.toFloatArray();
                    for (int i = 0; i < parameters.size(); i++) {
                        grad[layout][i] = parameters.get(i).getArray().getGradient().toFloatArray(); // accumulates
                    }
                }
            }
            double forward = relativeMaxDifference(out[0], out[1]);
            assertTrue(forward < 2e-5, "channels-last forward = NCHW forward: relative max |Δ| " + forward);
            for (int i = 0; i < parameters.size(); i++) {
                float[] second = grad[1][i].clone();
                for (int j = 0; j < second.length; j++) {
                    second[j] -= grad[0][i][j];
                }
                double d = relativeMaxDifference(grad[0][i], second);
                assertTrue(d < 2e-4, parameters.get(i).getName() + " gradient: relative max |Δ| " + d);
            }
            // the default stays NCHW: with the property on, resnet18's training forward is the NCHW one to the bit
            System.setProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY, "true");
            try {
                assertArrayEquals(out[0], preset.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray(), 0f);
            } finally {
                System.clearProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY);
            }
        }
    }

    /** The operation on its own: a 1×1 stride-2 convolution 256 → 512 of a channels-last {4, 256, 2, 2} batch. */
    @Test
    void pointwiseConvolutionOfAChannelsLastInputEqualsNchw() {
        Shape input = new Shape(4, 256, 2, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            Block block = new ConvBnFoldingBlock().add(Conv2d.builder().setKernelShape(new Shape(1, 1))
                    .optStride(new Shape(2, 2)).setFilters(512).optBias(false).build());
            block.initialize(m, DataType.FLOAT32, input);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.randomNormal(input);
            float[] nchw = block.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            float[] channelsLast = block.forward(store, new NDList(ConvBnFoldingBlock.channelsLast(x)), true)
                    .singletonOrThrow().toFloatArray();
            assertTrue(relativeMaxDifference(nchw, channelsLast) < 1e-6,
                    "relative max |Δ| " + relativeMaxDifference(nchw, channelsLast));
        }
    }

    @Test
    void foldedPointwiseConvolutionOfAChannelsLastInputEqualsNchw() {
        Shape input = new Shape(4, 256, 2, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            Block block = new ConvBnFoldingBlock().add(Conv2d.builder().setKernelShape(new Shape(1, 1))
                    .optStride(new Shape(2, 2)).setFilters(512).optBias(false).build()).add(ConvBnFoldingBlock.batchNorm());
            block.initialize(m, DataType.FLOAT32, input);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.randomNormal(input);
            block.forward(store, new NDList(x), true); // running statistics away from 0 / 1
            float[] nchw = block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] channelsLast = block.forward(store, new NDList(ConvBnFoldingBlock.channelsLast(x)), false)
                    .singletonOrThrow().toFloatArray();
            assertTrue(relativeMaxDifference(nchw, channelsLast) < 1e-6,
                    "folded inference, relative max |Δ| " + relativeMaxDifference(nchw, channelsLast));
        }
    }

    /** max |a − b| / max |a|. */
    private static double relativeMaxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs(a[i] - b[i]));
            den = Math.max(den, Math.abs(a[i]));
        }
        return num / den;
    }

    @Test
    void channelsLastIsOnUnlessThePropertySaysFalse() {
        String before = System.getProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY);
        try {
            System.clearProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY);
            assertTrue(ConvBnFoldingBlock.channelsLastEnabled());
            System.setProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY, "FALSE");
            assertFalse(ConvBnFoldingBlock.channelsLastEnabled());
            System.setProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY, "true");
            assertTrue(ConvBnFoldingBlock.channelsLastEnabled());
        } finally {
            if (before == null) {
                System.clearProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY);
            } else {
                System.setProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY, before);
            }
        }
    }

    @Test
    void channelsLastTrainingGivesTheSameValuesAndGradients() {
        ModalitySpec spec = ModalitySpec.of("audio", ModalityKind.AUDIO, 1, 12, 16);
        Shape input = new Shape(4, 1, 12, 16);
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            Block preset = EncoderPreset.SMALL_CNN.build(spec, 128);
            preset.initialize(m, DataType.FLOAT32, input);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.randomNormal(input);
            float[][] out = new float[2][];
            float[][] grad = new float[2][];
            for (int layout = 0; layout < 2; layout++) {
                System.setProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY, Boolean.toString(layout == 1));
                try (ai.djl.training.GradientCollector gc = m.getEngine().newGradientCollector()) {
                    NDArray y = preset.forward(store, new NDList(x), true).singletonOrThrow();
                    gc.backward(y.square().sum());
                    out[layout] = y.toFloatArray();
                    Parameter w = preset.getParameters().get(0).getValue();
                    grad[layout] = w.getArray().getGradient().toFloatArray(); // gradients accumulate over the two passes
                    if (layout == 1) {
                        for (int i = 0; i < grad[1].length; i++) {
                            grad[1][i] -= grad[0][i];
                        }
                    }
                } finally {
                    System.clearProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY);
                }
            }
            assertArrayEquals(out[0], out[1], 1e-5f, "channels-last forward = NCHW forward");
            assertArrayEquals(grad[0], grad[1], 1e-3f, "channels-last gradient of the first convolution = NCHW gradient");
            assertEquals(32 * 9, grad[0].length, "first conv weight 32×1×3×3");
        }
    }

    @Test
    void channelsLastFoldedInferenceGivesTheSameValues() {
        ModalitySpec spec = ModalitySpec.of("audio", ModalityKind.AUDIO, 1, 12, 16);
        Shape input = new Shape(4, 1, 12, 16);
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            Block preset = EncoderPreset.SMALL_CNN.build(spec, 128);
            preset.initialize(m, DataType.FLOAT32, input);
            for (Pair<String, Parameter> p : preset.getParameters()) {
                if (p.getKey().endsWith("runningVar") || p.getKey().endsWith("runningMean")) {
                    p.getValue().getArray().set(m.randomUniform(0.2f, 3f, p.getValue().getArray().getShape()).toFloatArray());
                }
            }
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.randomNormal(input);
            float[][] out = new float[2][];
            for (int layout = 0; layout < 2; layout++) {
                System.setProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY, Boolean.toString(layout == 1));
                try {
                    out[layout] = preset.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
                } finally {
                    System.clearProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY);
                }
            }
            assertArrayEquals(out[0], out[1], 1e-5f, "channels-last folded inference = NCHW folded inference");
            double norm = 0;
            for (float v : out[0]) {
                norm += Math.abs(v);
            }
            assertTrue(norm > 1e-2, "the compared outputs are not all zero: " + norm);
        }
    }
}
