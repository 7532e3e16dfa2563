package dev.bss.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelBuilderTest {

    static long trainableParameters(Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    @Test
    void resnet18HasTheTrueBasicBlockParameterCount() {
        // torchvision resnet18 without its fc layer: 11,689,512 − 513,000 = 11,176,512 parameters
        ModalitySpec spec = ModalitySpec.of("image", ModalityKind.IMAGE, 3, 32, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = EncoderPreset.RESNET18.build(spec, 512);
            b.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            assertEquals(11_176_512L, trainableParameters(b));
            NDList out = b.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(2, 3, 32, 32))), false);
            assertEquals(new Shape(2, 512), out.singletonOrThrow().getShape());
        }
    }

    @Test
    void smallCnnParameterCountAndEmbedding() {
        // conv 1→32: 288+32, BN 64; 32→64: 18432+64, BN 128; 64→128: 73728+128, BN 256 = 93,120
        ModalitySpec spec = ModalitySpec.of("audio", ModalityKind.AUDIO, 1, 8, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = EncoderPreset.SMALL_CNN.build(spec, 128);
            b.initialize(m, DataType.FLOAT32, new Shape(2, 1, 8, 10));
            assertEquals(93_120L, trainableParameters(b));
        }
    }

    @Test
    void threeModalityNetworkWithVectorTokensAndFramesGivesAllOutputs() {
        List<ModalitySpec> specs = List.of(
                ModalitySpec.of("frames", ModalityKind.IMAGE, 3, 1, 8, 8),
                ModalitySpec.of("vector", ModalityKind.VECTOR, 12),
                new ModalitySpec("text", ModalityKind.TOKENS, new int[] {7}, 50));
        MultimodalNetwork net = ModelConfig.builder().build().newNetwork(specs, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 1, 8, 8), new Shape(2, 12), new Shape(2, 7));
            NDList in = new NDList(m.randomNormal(new Shape(2, 3, 1, 8, 8)), m.randomNormal(new Shape(2, 12)),
                    m.create(new float[] {1, 2, 3, 0, 0, 0, 0, 4, 5, 6, 7, 8, 9, 49}, new Shape(2, 7)));
            ModelOutputs out = new ModelOutputs(net.forward(new ParameterStore(m, false), in, false), 3);
            assertEquals(new Shape(2, 5), out.fused().getShape());
            for (int i = 0; i < 3; i++) {
                assertEquals(new Shape(2, 5), out.unimodal(i).getShape());
                assertEquals(new Shape(2, 128), out.embedding(i).getShape());
            }
        }
    }

    @Test
    void referenceInitHasKaimingFanOutStandardDeviation() {
        ModalitySpec spec = ModalitySpec.of("image", ModalityKind.IMAGE, 1, 8, 8);
        MultimodalNetwork net = ModelConfig.builder().build().newNetwork(List.of(spec), 3);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            // third conv: 128 filters of 64×3×3 → fan_out = 128·9, std = sqrt(2/1152) ≈ 0.04167 over 73,728 weights
            Parameter conv3 = null;
            for (var p : net.getParameters()) {
                if (p.getValue().getArray().getShape().equals(new Shape(128, 64, 3, 3))) {
                    conv3 = p.getValue();
                }
            }
            float[] w = conv3.getArray().toFloatArray();
            double sq = 0;
            for (float v : w) {
                sq += v * v;
            }
            assertEquals(Math.sqrt(2.0 / 1152), Math.sqrt(sq / w.length), 0.002);
        }
    }

    @Test
    void unknownPresetOrFusionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder().optEncoder("*", "vgg"));
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder().optFusion("film"));
    }
}
