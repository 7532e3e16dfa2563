package dev.bss.methods.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.SyntheticDatasetProvider;
import dev.bss.engine.train.EpochReport;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.engine.train.TrainingResult;
import dev.bss.methods.CompositeMethod;
import dev.bss.methods.MethodRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every baseline, alone and composed with {@code bss-l}, trains two epochs on the built-in {@code synthetic} dataset
 * (1×8×8 inputs, 64 training samples, 16 validation and test samples, 4 classes, batch 32) without error, with finite losses, and leaves the trace
 * its hooks should leave (coefficients, prototypes, rates, stopping state).
 */
class BaselineSmokeTest {

    static DatasetSplits tiny() {
        Map<String, Object> o = new HashMap<>();
        o.put("seed", 3);
        o.put("train-size", 64);
        o.put("val-size", 16);
        o.put("test-size", 16);
        o.put("classes", 4);
        o.put("audio-shape", "1x8x8");
        o.put("image-shape", "1x8x8");
        o.put("noise", 0.5);
        return new SyntheticDatasetProvider().load(o);
    }

    static Stream<String> methods() {
        Stream<String> alone = Baselines.all().stream().map(d -> d.id());
        Stream<String> composed = Baselines.all().stream().map(d -> "bss-l+" + d.id());
        return Stream.concat(alone, composed);
    }

    static Map<String, Object> options(String id) {
        Map<String, Object> o = new HashMap<>();
        if (id.endsWith("mses")) {
            o.put("patience", 0); // exercises stop, restore and freeze within two epochs when the loss does not improve
        }
        if (id.endsWith("pmr")) {
            o.put("entropy-weight", 0.1);
        }
        return o;
    }

    @ParameterizedTest
    @MethodSource("methods")
    void trainsTwoEpochs(String id) {
        TrainingMethod method = MethodRegistry.create(id, options(id));
        assertEquals(id, method.id());
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(tiny())
                .setMethod(method)
                .setConfig(TrainerConfig.builder().setEpochs(2).setBatchSize(32).optSeed(4).build())
                .build()) {
            TrainingResult result = trainer.fit();
            List<EpochReport> h = result.history();
            assertEquals(2, h.size());
            for (EpochReport r : h) {
                assertTrue(Double.isFinite(r.trainLoss()), id + ": loss " + r.trainLoss());
                assertTrue(Double.isFinite(r.test().acc()));
            }
            TrainingMethod part = method instanceof CompositeMethod c ? c.parts().get(c.parts().size() - 1) : method;
            checkTrace(id, part);
        }
    }

    private static void checkTrace(String id, TrainingMethod part) {
        if (part instanceof OgmGe o) {
            double[] k = o.lastCoefficients();
            assertNotNull(k, id);
            assertTrue(Math.min(k[0], k[1]) < 1 && Math.max(k[0], k[1]) == 1, id + ": exactly one modality modulated: " + k[0] + ", " + k[1]);
        } else if (part instanceof Agm a) {
            assertNotNull(a.lastCoefficients(), id);
            for (double t : a.runningAverages()) {
                assertTrue(t > 0 && Double.isFinite(t), id + ": running average " + t);
            }
        } else if (part instanceof Pmr p) {
            float[][][] c = p.prototypes();
            assertNotNull(c, id);
            assertEquals(4, c[0].length, "one prototype per class");
            assertNotNull(p.lastCoefficients(), id);
        } else if (part instanceof Mslr m) {
            assertArrayEquals(new double[] {0.9, 1.1}, m.rates(), 1e-12, id + ": memory of 5 not yet full, rates stay at kappa0");
        } else if (part instanceof Mses s) {
            int best = s.tracker().bestEpoch(0);
            assertTrue(best == 1 || best == 2, id + ": best epoch " + best);
            assertEquals(best == 1, s.tracker().isStopped(0), id + ": with patience 0 a branch stops iff epoch 2 did not improve");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ogm-ge", "agm", "pmr", "mslr", "mses", "fusion-weighted", "fusion-film", "fusion-gated"})
    void trainsWithThreeModalities(String id) {
        Map<String, Object> o = new HashMap<>();
        o.put("seed", 3);
        o.put("train-size", 32);
        o.put("val-size", 16);
        o.put("test-size", 16);
        o.put("classes", 4);
        o.put("modalities", 3);
        o.put("vector-size", 8);
        o.put("audio-shape", "1x8x8");
        o.put("image-shape", "1x8x8");
        TrainingMethod method = MethodRegistry.create(id, id.equals("ogm-ge") ? Map.of("tensors", "non-1d") : Map.of());
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(new SyntheticDatasetProvider().load(o))
                .setMethod(method)
                .setConfig(TrainerConfig.builder().setEpochs(1).setBatchSize(32).optSeed(4).build())
                .build()) {
            assertEquals(3, trainer.context().modalityNames().size());
            assertTrue(Double.isFinite(trainer.fit().last().trainLoss()), id);
        }
        if (method instanceof Agm a) {
            assertEquals(3, a.lastCoefficients().length);
        } else if (method instanceof Mslr m) {
            assertArrayEquals(new double[] {0.9, 1.4, 0.7}, m.rates(), 1e-12, "auto rates for three modalities");
        } else if (method instanceof OgmGe g) {
            assertEquals(3, g.lastCoefficients().length);
        }
    }

    @Test
    void incompatibleCompositionsAreRefusedWithAReason() {
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("bss-l+ogm-ge+agm", Map.of()));
        assertTrue(two.getMessage().contains("ogm-ge") && two.getMessage().contains("agm") && two.getMessage().contains("compound"), two.getMessage());
        IllegalArgumentException fusions = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("bss-l+fusion-sum+fusion-film", Map.of()));
        assertTrue(fusions.getMessage().contains("one fusion block"), fusions.getMessage());
        IllegalArgumentException data = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("bss-l+bss-h", Map.of()));
        assertTrue(data.getMessage().contains("data-level"), data.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("bss-l+ogm-ge+ogm-ge", Map.of()));
    }

    @Test
    void unknownOptionsAreRejectedNamingTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("ogm-ge", Map.of("alfa", 0.5)));
        assertTrue(e.getMessage().contains("alfa") && e.getMessage().contains("alpha") && e.getMessage().contains("modulation-start"), e.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("pmr", Map.of("momentum", 1.5)));
        assertTrue(range.getMessage().contains("momentum") && range.getMessage().contains("[0, 1]"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("ogm-ge", Map.of("modulation-start", 10, "modulation-end", 5)));
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("mslr", Map.of("initial-rates", "0.9,x")));
    }

    @Test
    void composedOptionsReachTheirPart() {
        TrainingMethod m = MethodRegistry.create("bss-l+ogm-ge", Map.of("ogm-ge.alpha", 0.3, "modulation-end", 7));
        assertTrue(m instanceof CompositeMethod);
        assertEquals("bss-l+ogm-ge", m.id());
    }
}
