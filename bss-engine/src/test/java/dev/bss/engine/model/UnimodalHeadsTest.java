package dev.bss.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Own and shared unimodal heads: structure, parameters per modality, and that a shared head is one function. */
class UnimodalHeadsTest {

    private static final List<ModalitySpec> SPECS = List.of(ModalitySpec.of("audio", ModalityKind.VECTOR, 6),
            ModalitySpec.of("image", ModalityKind.VECTOR, 5));

    private static MultimodalNetwork build(NDManager m, UnimodalHeads heads, int audioSize, int imageSize) {
        MultimodalNetwork n = ModelConfig.builder().optEncoder("*", "mlp").optEmbeddingSize("audio", audioSize)
                .optEmbeddingSize("image", imageSize).optUnimodalHeads(heads).build().newNetwork(SPECS, 3);
        n.initialize(m, DataType.FLOAT32, new Shape(2, 6), new Shape(2, 5));
        return n;
    }

    @Test
    void sharedLinearHeadIsOneLinearMapForEveryModality() {
        try (NDManager m = NDManager.newBaseManager()) {
            MultimodalNetwork n = build(m, UnimodalHeads.SHARED_LINEAR, 8, 8);
            assertSame(n.head(0), n.head(1));
            assertEquals(2, n.sharedHeadParameters().size(), "weight and bias");
            assertEquals(n.headParameters(0), n.headParameters(1));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray e = m.randomNormal(new Shape(2, 8));
            float[] a = n.headLogits(ps, 0, e, false).toFloatArray();
            float[] b = n.headLogits(ps, 1, e, false).toFloatArray();
            assertArrayEquals(a, b, "the same embedding gives the same logits through either modality's path");
            NDList out = n.forward(ps, new NDList(m.ones(new Shape(2, 6)), m.ones(new Shape(2, 5))), false);
            assertEquals(new Shape(2, 3), new ModelOutputs(out, 2).unimodal(1).getShape());
            assertTrue(n.getParameters().keys().stream().anyMatch(k -> k.contains("head-shared")));
            assertTrue(n.getParameters().keys().stream().noneMatch(k -> k.contains("head-audio")));
        }
    }

    @Test
    void sharedMlpProjectsTheSmallerEmbedding() {
        try (NDManager m = NDManager.newBaseManager()) {
            MultimodalNetwork n = build(m, UnimodalHeads.SHARED_MLP, 8, 4);
            assertEquals(4, n.sharedHeadParameters().size(), "two linear layers");
            assertEquals(4, n.headParameters(0).size(), "audio (size 8 = common size): no projection");
            assertEquals(6, n.headParameters(1).size(), "image (size 4): projection 4 -> 8, then the shared head");
            assertEquals(new Shape(UnimodalHeads.MLP_HIDDEN, 8), n.sharedHeadParameters().get(0).getArray().getShape());
            NDList out = n.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(2, 6)), m.ones(new Shape(2, 5))), false);
            assertEquals(new Shape(2, 3), new ModelOutputs(out, 2).unimodal(1).getShape());
        }
    }

    @Test
    void ownHeadsAreTheDefault() {
        try (NDManager m = NDManager.newBaseManager()) {
            MultimodalNetwork n = build(m, UnimodalHeads.OWN_LINEAR, 8, 8);
            assertEquals(UnimodalHeads.OWN_LINEAR, ModelConfig.builder().build().unimodalHeads());
            assertTrue(n.head(0) != n.head(1));
            assertTrue(n.sharedHeadParameters().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> UnimodalHeads.fromId("shared"));
            assertEquals(UnimodalHeads.SHARED_MLP, UnimodalHeads.fromId("shared-mlp"));
        }
    }
}
