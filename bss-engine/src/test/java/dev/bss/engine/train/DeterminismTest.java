package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.InMemoryMultimodalDataset;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The same seed trains the same model to the last bit: for every kind of input the engine batches (audio, image,
 * frames {T, C, H, W}, tokens, vectors), two runs of three epochs give identical per-epoch training losses and
 * validation / test metrics. With one intra-op thread, and with two (a fixed thread count partitions PyTorch's
 * parallel reductions the same way every time; {@link EngineThreads}, docs/engine.md "Determinism").
 */
class DeterminismTest {

    static final List<String> CLASSES = List.of("a", "b", "c");

    /** One modality of the given kind, classes visible in the values, ids {@code <kind>-<split>-<i>}. */
    static ModalitySpec spec(String kind) {
        return switch (kind) {
            case "audio" -> ModalitySpec.of("audio", ModalityKind.AUDIO, 1, 8, 8);
            case "image" -> ModalitySpec.of("image", ModalityKind.IMAGE, 3, 8, 8);
            case "frames" -> ModalitySpec.of("frames", ModalityKind.IMAGE, 2, 1, 8, 8);
            case "tokens" -> new ModalitySpec("text", ModalityKind.TOKENS, new int[] {12}, 40);
            case "vector" -> ModalitySpec.of("vector", ModalityKind.VECTOR, 16);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /**
     * Values of one sample of class {@code label}: floats N(0, 1) plus 1 on every third element from the label on;
     * tokens: 3 to 9 ids, mostly from the label's own ten (2 + 10·label ...), sometimes unknown (1), padded with 0.
     */
    static float[] values(ModalitySpec spec, int label, SplittableRandom random) {
        float[] v = new float[spec.elementCount()];
        if (spec.kind() == ModalityKind.TOKENS) {
            int n = 3 + random.nextInt(7);
            for (int t = 0; t < n; t++) {
                v[t] = random.nextInt(5) == 0 ? 1 : 2 + 10 * label + random.nextInt(10);
            }
            return v;
        }
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) (random.nextGaussian() + (j % 3 == label ? 1 : 0));
        }
        return v;
    }

    static MultimodalDataset split(List<ModalitySpec> specs, String name, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES.size();
            float[][] arrays = new float[specs.size()][];
            for (int m = 0; m < specs.size(); m++) {
                arrays[m] = values(specs.get(m), label, random);
            }
            samples.add(new MultimodalSample(name + "-" + i, label, arrays, Map.of()));
        }
        return new InMemoryMultimodalDataset(specs, CLASSES, samples, name + seed);
    }

    static DatasetSplits data(List<ModalitySpec> specs) {
        return new DatasetSplits("determinism", split(specs, "train", 48, 1), split(specs, "val", 24, 2), split(specs, "test", 24, 3));
    }

    static List<EpochReport> train(DatasetSplits data, int threads) {
        int before = EngineThreads.current();
        EngineThreads.set(threads);
        try (MultimodalTrainer trainer = MultimodalTrainer.builder().setDataset(data).setMethod(TinyRuns.fusedAndUnimodal("determinism"))
                .setConfig(TrainerConfig.builder().setEpochs(3).setBatchSize(8).optSeed(7).build()).build()) {
            return trainer.fit().history();
        } finally {
            EngineThreads.set(before);
        }
    }

    /** Losses and metrics equal to the bit; the loss is finite and falls (so something was trained). */
    static void assertSameRun(List<EpochReport> a, List<EpochReport> b) {
        assertEquals(3, a.size());
        assertEquals(a.size(), b.size());
        for (int e = 0; e < a.size(); e++) {
            EpochReport x = a.get(e);
            EpochReport y = b.get(e);
            assertEquals(Double.doubleToRawLongBits(x.trainLoss()), Double.doubleToRawLongBits(y.trainLoss()),
                    "epoch " + x.epoch() + " train loss " + x.trainLoss() + " vs " + y.trainLoss());
            assertEquals(x.validation(), y.validation(), "epoch " + x.epoch() + " validation metrics");
            assertEquals(x.test(), y.test(), "epoch " + x.epoch() + " test metrics");
            assertTrue(Double.isFinite(x.trainLoss()) && Double.isFinite(x.test().loss()), "epoch " + x.epoch());
        }
        assertTrue(a.get(2).trainLoss() < a.get(0).trainLoss(), "loss falls: " + a.get(0).trainLoss() + " → " + a.get(2).trainLoss());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"audio", "image", "frames", "tokens", "vector"})
    void sameSeedSameLossesOneThread(String kind) {
        DatasetSplits data = data(List.of(spec(kind)));
        assertSameRun(train(data, 1), train(data, 1));
    }

    /** Two threads, the convolution path (small-cnn) and the token path (text-cnn) in one network. */
    @Test
    void sameSeedSameLossesTwoThreads() {
        DatasetSplits data = data(List.of(spec("image"), spec("tokens")));
        assertSameRun(train(data, 2), train(data, 2));
    }
}
