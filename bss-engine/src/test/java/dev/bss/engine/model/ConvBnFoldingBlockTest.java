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

    @Test
    void theChannelsLastOptInLeavesResnet18InNchw() {
        ModalitySpec spec = ModalitySpec.of("image", ModalityKind.IMAGE, 1, 32, 32);
        Shape input = new Shape(4, 1, 32, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            Block preset = EncoderPreset.RESNET18.build(spec, 128);
            preset.initialize(m, DataType.FLOAT32, input);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.randomNormal(input);
            float[][] out = new float[2][];
            for (int layout = 0; layout < 2; layout++) {
                System.setProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY, Boolean.toString(layout == 1));
                try {
                    out[layout] = preset.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
                } finally {
                    System.clearProperty(ConvBnFoldingBlock.CHANNELS_LAST_PROPERTY);
                }
            }
            assertArrayEquals(out[0], out[1], 0f, "resnet18 with the channels-last property set = NCHW (a channels-last resnet18 was about 3 % off)");
        }
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
