package dev.bss.core.fuzz;

import dev.bss.testkit.Mutator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.core.measure.BalanceMeasurer;
import dev.bss.core.measure.BalanceScores;
import dev.bss.core.measure.Criterion;
import dev.bss.core.measure.NonFinitePolicy;
import dev.bss.core.measure.Normalization;
import dev.bss.core.measure.SampleStatistics;
import dev.bss.core.pacing.PacingFunctions;
import dev.bss.core.schedule.HeuristicScheduler;
import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.SequenceScheduler;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Scheduler state blobs (the {@code scheduler} section of a checkpoint) and the measurer under arbitrary
 * numbers. A mutated state must restore to a usable scheduler or fail with {@link IllegalArgumentException};
 * never an {@code OutOfMemoryError}, {@code NegativeArraySizeException} or a half-restored scheduler.
 */
class SchedulerStateFuzzTest {

    private static final FuzzStats STATE = new FuzzStats("scheduler state (mutated bytes)");
    private static final FuzzStats MEASURER = new FuzzStats("measurer (random raw columns)");
    private static final int N = 12;

    private static SequenceScheduler scheduler(boolean learning) {
        return learning
            ? LearningBasedScheduler.builder().setSize(N).setSeed(5).build()
            : HeuristicScheduler.builder().setSize(N).setPacing(PacingFunctions.root(0.5, 4)).setSeed(5).build();
    }

    @Property
    void mutatedStateRestoresOrFailsTyped(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        boolean learning = rng.nextBoolean();
        SequenceScheduler original = scheduler(learning);
        double[] scores = new double[N];
        for (int i = 0; i < N; i++) {
            scores[i] = rng.nextInt(10) == 0 ? Double.NaN : rng.nextDouble();
        }
        original.updateScores(1, scores);
        byte[] valid = original.saveState();
        byte[] mutated = Mutator.mutate(valid, seed, 3);
        SequenceScheduler restored = scheduler(learning);
        try {
            restored.restoreState(mutated);
        } catch (IllegalArgumentException e) {
            // note: trailing garbage is detected after the body was applied, so a failed restore may leave
            // the scheduler updated; the trainer aborts the resume on this error (docs/reliability.md)
            STATE.rejected(e);
            return;
        }
        // accepted: the restored scheduler must be usable or refuse with a typed error
        try {
            int[] seq = restored.sequence(2);
            for (int i : seq) {
                assertTrue(i >= 0 && i < N, "index out of range in restored sequence: " + i);
            }
            STATE.accepted();
        } catch (IllegalStateException | IllegalArgumentException e) {
            STATE.rejected(e);
        }
    }

    @Property
    void measurerGivesFiniteScoresForAnyFiniteInput(@ForAll long seed, @ForAll @IntRange(min = 0, max = 50) int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] ids = new String[n];
        double[] sim = new double[n];
        double[] loss = new double[n];
        int bad = 0;
        for (int i = 0; i < n; i++) {
            ids[i] = "s" + i;
            sim[i] = ScoreFileFuzzTest.randomFinite(rng);
            loss[i] = ScoreFileFuzzTest.randomFinite(rng);
            if (rng.nextInt(20) == 0) {
                loss[i] = new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}[rng.nextInt(3)];
                bad++;
            }
        }
        Normalization norm = Normalization.values()[rng.nextInt(3)];
        Criterion criterion = Criterion.values()[rng.nextInt(Criterion.values().length)];
        SampleStatistics st = SampleStatistics.builder().setIds(ids).optPredictionSimilarity(sim).optFeatureSimilarity(sim)
            .optLoss(loss).optGradientMagnitude(loss).build();
        BalanceScores b = BalanceMeasurer.builder().optNormalization(norm).optCriterion(criterion)
            .optNonFinitePolicy(NonFinitePolicy.DROP).build().measure(st);
        boolean usesLoss = criterion.informationColumn().isPresent();
        assertEquals(usesLoss ? bad : 0, b.droppedCount());
        for (int i = 0; i < n; i++) {
            double s = b.scores()[i];
            if (b.dropped()[i]) {
                assertTrue(Double.isNaN(s));
            } else {
                assertTrue(Double.isFinite(s), criterion.id() + "/" + norm.id() + " gave " + s + " for a kept sample");
                if (norm != Normalization.Z_SCORE) {
                    assertTrue(s >= -1 && s <= 1, "score outside [-1, 1]: " + s);
                }
            }
        }
        MEASURER.accepted();
    }

    @AfterContainer
    static void report() {
        STATE.print();
        MEASURER.print();
    }
}
