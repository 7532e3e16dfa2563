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
        // smv is data-level: bss-l+smv is refused (see incompatibleCompositionsAreRefusedWithAReason)
        Stream<String> composed = Baselines.all().stream().filter(d -> !d.id().equals(Smv.ID)).map(d -> "bss-l+" + d.id());
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
        if (id.endsWith("ogr-gb")) {
            o.put("super-epoch", 1); // an estimate at the start of each of the two epochs
        }
        if (id.endsWith("domfn")) {
            o.put("pre-epochs", 1); // epoch 1 pre-trains the branches, epoch 2 is gated
        }
        if (id.endsWith("reconboost")) {
            o.put("epochs-per-stage", 1); // epoch 1: phase A on audio, epoch 2: phase B
            o.put("correct-epochs", 1);
        }
        if (id.endsWith("smv")) {
            o.put("warmup", 1); // valuation after epoch 1, duplicates in epoch 2
        }
        if (id.endsWith("mla")) {
            o.put("projection", "owm");
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
        } else if (part instanceof GradientBlending g) {
            assertEquals(2, g.estimates(), id + ": one estimate per super-epoch of 1");
            assertEquals(1.0, java.util.Arrays.stream(g.weights()).sum(), 1e-9, id);
            assertNotNull(g.lastOgr(), id);
        } else if (part instanceof Domfn d) {
            double f = d.lastFusedFraction();
            assertTrue(f >= 0 && f <= 1, id + ": gated fraction " + f);
        } else if (part instanceof ReconBoost r) {
            assertTrue(r.boostRate() != 1.0, id + ": phase B (epoch 2) trains the boost rate: " + r.boostRate());
        } else if (part instanceof MmPareto p) {
            for (double[] w : p.lastWeights()) {
                assertEquals(1.0, w[1] + w[2], 1e-12, id);
                assertTrue(w[0] > 0 ? w[1] == 0.5 : w[1] > 0 && w[1] < 1, id + ": cos " + w[0] + ", c_f " + w[1]);
            }
        } else if (part instanceof Smv v) {
            for (double[] phi : v.lastContributions()) {
                double total = phi[0] + phi[1];
                assertTrue(total == 0 || total == 2, id + ": efficiency, sum of contributions = v(all) in {0, 2}: " + total);
            }
        } else if (part instanceof Mla m) {
            assertEquals(2 * 2 * 2, m.updates(), id + ": two epochs x two batches x one step per modality");
            assertTrue(Math.abs(m.projector()[0][0] - 1) > 1e-6, id + ": the owm projector moved");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ogm-ge", "agm", "pmr", "mslr", "mses", "ogr-gb", "domfn", "reconboost",
        "mmpareto", "smv", "mla", "fusion-weighted", "fusion-film", "fusion-gated"})
    void trainsWithThreeModalities(String id) {
        Map<String, Object> o = new HashMap<>();
        o.put("seed", 3);
        o.put("train-size", 40); // ogr-gb holds 3 out: 37 >= one batch of 32
        o.put("val-size", 16);
        o.put("test-size", 16);
        o.put("classes", 4);
        o.put("modalities", 3);
        o.put("vector-size", 8);
        o.put("audio-shape", "1x8x8");
        o.put("image-shape", "1x8x8");
        Map<String, Object> options = new HashMap<>(options(id));
        if (id.equals("ogm-ge")) {
            options.put("tensors", "non-1d");
        } else if (id.equals("domfn")) {
            options.put("pre-epochs", 0); // the gated rule in the one epoch
        }
        TrainingMethod method = MethodRegistry.create(id, options);
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
        } else if (method instanceof GradientBlending g) {
            assertEquals(4, g.weights().length, "three modalities and the fused branch");
        } else if (method instanceof MmPareto p) {
            assertEquals(3, p.lastWeights().length);
        } else if (method instanceof Smv v) {
            assertEquals(3, v.lastContributions()[0].length);
        } else if (method instanceof Mla m) {
            assertEquals(3, m.updates(), "one batch, one step per modality");
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
        IllegalArgumentException smv = assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("bss-l+smv", Map.of()));
        assertTrue(smv.getMessage().contains("sample sequence") && smv.getMessage().contains("duplicates"), smv.getMessage());
        IllegalArgumentException mla = assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("bss-l+mla+ogm-ge", Map.of()));
        assertTrue(mla.getMessage().contains("shared head") && mla.getMessage().contains("ogm-ge"), mla.getMessage());
        IllegalArgumentException boost = assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("vanilla+reconboost", Map.of()));
        assertTrue(boost.getMessage().contains("stage plan"), boost.getMessage());
        IllegalArgumentException domfn = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("bss-l+domfn+fusion-sum", Map.of()));
        assertTrue(domfn.getMessage().contains("concat"), domfn.getMessage());
        IllegalArgumentException masking = assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("smv+mmpareto", Map.of()));
        assertTrue(masking.getMessage().contains("replaces the training loss"), masking.getMessage());
        IllegalArgumentException objectives = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("bss-l+ogr-gb+domfn", Map.of()));
        assertTrue(objectives.getMessage().contains("objective"), objectives.getMessage());
        assertTrue(MethodRegistry.create("smv+ogm-ge", Map.of()) instanceof CompositeMethod, "smv composes with a gradient method");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "ogr-gb, super-epoch, 0, '[1, 1000]'",
        "ogr-gb, held-out-fraction, 0.9, '[0.001, 0.5]'",
        "domfn, tau, 0, '[1.0E-6, 100]'",
        "domfn, reference, median, 'fused, mean'",
        "reconboost, w1, -1, '[0, 100]'",
        "reconboost, epochs-per-stage, 0, '[1, 1000]'",
        "mmpareto, gamma, 101, '[0, 100]'",
        "smv, part-ratio, 1.5, '1]'",
        "smv, level, batch, 'sample, modality'",
        "mla, projection, gs, 'off, owm'",
    })
    void waveTwoOptionsOutOfRangeNameTheKeyAndTheRange(String id, String key, String value, String allowed) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create(id, Map.of(key, value)));
        assertTrue(e.getMessage().contains("'" + key + "'") && e.getMessage().contains(allowed), e.getMessage());
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
