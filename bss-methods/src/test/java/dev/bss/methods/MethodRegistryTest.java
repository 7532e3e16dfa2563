package dev.bss.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.ScoringMode;
import dev.bss.engine.train.TrainingMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodRegistryTest {

    @Test
    void listsTheBuiltInMethods() {
        List<String> ids = MethodRegistry.descriptors().stream().map(MethodDescriptor::id).toList();
        assertTrue(ids.containsAll(List.of("vanilla", "vanilla-uni", "bss-h", "bss-l")), ids.toString());
    }

    @Test
    void unknownOptionIsRejectedNamingTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("bss-l", Map.of("betta", 0.5)));
        assertTrue(e.getMessage().contains("'betta'") && e.getMessage().contains("beta"), e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("vanilla", Map.of("x", 1)));
        assertTrue(v.getMessage().contains("(none)"), v.getMessage());
    }

    @Test
    void outOfRangeAndBadChoiceAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("bss-l", Map.of("beta", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("bss-h", Map.of("pacing", "cubic")));
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("bss-h", Map.of("ranking", "sometimes")));
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("nope", Map.of()));
    }

    @Test
    void presetsFillDefaultsAndExplicitOptionsOverride() {
        BssMethod paper = (BssMethod) MethodRegistry.create("bss-l", Map.of());
        assertEquals("softmax", paper.options().getString("transform"));
        assertEquals(0.6, paper.options().getDouble("beta"));
        assertEquals(ScoringMode.PASS, paper.scoringRequest().mode());
        BssMethod reference = (BssMethod) MethodRegistry.create("bss-l", Map.of("preset", "reference-code"));
        assertEquals("linear", reference.options().getString("transform"));
        assertEquals(0.01, reference.options().getDouble("floor"), 1e-12);
        assertEquals(1.0, reference.options().getDouble("beta"));
        assertEquals(ScoringMode.REFERENCE_CODE, reference.scoringRequest().mode());
        BssMethod overridden = (BssMethod) MethodRegistry.create("bss-l", Map.of("preset", "reference-code", "beta", "0.3", "scoring", "online"));
        assertEquals(0.3, overridden.options().getDouble("beta"));
        assertEquals(ScoringMode.ONLINE, overridden.scoringRequest().mode());
        BssMethod h = (BssMethod) MethodRegistry.create("bss-h", Map.of("lambda0", 0.2, "t-grow", "30"));
        assertEquals(30, h.options().getInt("t-grow"));
        assertEquals("root", h.options().getString("pacing"));
    }

    @Test
    void nvGestureScoringOptionsReachTheScoringRequest() {
        TrainingMethod defaults = MethodRegistry.create("bss-h", Map.of());
        assertEquals(false, defaults.scoringRequest().logitSimilarity(), "softmax probabilities by default (paper E1)");
        assertEquals(0, defaults.scoringRequest().batchSize());
        TrainingMethod nv = MethodRegistry.create("bss-h", Map.of("similarity", "logits", "scoring-batch-size", 1));
        assertEquals(true, nv.scoringRequest().logitSimilarity());
        assertEquals(1, nv.scoringRequest().batchSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("bss-l", Map.of("similarity", "probabilities")));
        assertTrue(e.getMessage().contains("similarity") && e.getMessage().contains("logits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("bss-l", Map.of("scoring-batch-size", -1)));
    }

    @Test
    void shuffledScoreControlKeepsTheMultisetAndLosesThePerSampleAssignment() {
        double[] scores = new double[200];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.sin(i) + i * 1e-3;
        }
        double[] a = BssMethod.shuffled(scores, 7, 3);
        double[] sortedA = a.clone();
        double[] sortedS = scores.clone();
        java.util.Arrays.sort(sortedA);
        java.util.Arrays.sort(sortedS);
        org.junit.jupiter.api.Assertions.assertArrayEquals(sortedS, sortedA, 0.0, "the same weights, so the same non-uniformity");
        int moved = 0;
        for (int i = 0; i < scores.length; i++) {
            moved += a[i] != scores[i] ? 1 : 0;
        }
        assertTrue(moved > 190, "almost every sample gets another sample's score: " + moved);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, BssMethod.shuffled(scores, 7, 3), 0.0, "seeded");
        assertTrue(!java.util.Arrays.equals(a, BssMethod.shuffled(scores, 7, 4)), "a fresh permutation at each refresh");
        assertEquals(false, MethodRegistry.descriptor("bss-l").hyperParameter("shuffle-scores").defaultValue());
    }

    @Test
    void vanillaIsFusedOnlyAndVanillaUniAddsUnimodalLosses() {
        assertEquals(LossWeights.FUSED_ONLY, MethodRegistry.create("vanilla", Map.of()).lossWeights());
        assertEquals(LossWeights.FUSED_AND_UNIMODAL, MethodRegistry.create("vanilla-uni", Map.of()).lossWeights());
        assertEquals(new LossWeights(0.1, 0.9), MethodRegistry.create("vanilla-uni", Map.of("fused-weight", 0.1, "unimodal-weight", 0.9)).lossWeights());
    }

    @Test
    void compositionNeedsDataLevelFirstAndRoutesOptions() {
        MethodRegistry.register(new MethodDescriptor("test-gradient", MethodFamily.GRADIENT, "test", List.of("afterBackward"),
                List.of(HyperParameter.ofDouble("alpha", 0.5, 0.0, 1.0, "test")), Map.of(), o -> new TrainingMethod() {
                    @Override
                    public String id() {
                        return "test-gradient";
                    }
                }));
        TrainingMethod m = MethodRegistry.create("bss-l+test-gradient", Map.of("alpha", 0.2, "bss-l.beta", 0.5));
        assertInstanceOf(CompositeMethod.class, m);
        assertEquals("bss-l+test-gradient", m.id());
        assertEquals(ScoringMode.PASS, m.scoringRequest().mode());
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("test-gradient+bss-l", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("bss-l+test-gradient", Map.of("gamma", 1)));
    }

    @Test
    void scoreTableGoesWithScoringTableOnly() {
        TrainingMethod m = MethodRegistry.create("bss-l", Map.of("scoring", "table", "score-table", "/data/scores"));
        assertEquals(ScoringMode.TABLE, m.scoringRequest().mode());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("bss-h", Map.of("scoring", "table")));
        assertTrue(none.getMessage().contains("score-table"), none.getMessage());
        IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("bss-l", Map.of("score-table", "/data/scores")));
        assertTrue(stray.getMessage().contains("scoring 'table'"), stray.getMessage());
    }
}
