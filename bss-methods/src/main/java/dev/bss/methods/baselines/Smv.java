package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.bss.core.random.RandomStreams;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.EpochReport;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.Objectives;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.methods.HyperParameter;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodFamily;
import dev.bss.methods.MethodOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * SMV: sample-level modality valuation and re-sampling. Training objective {@code CE(z_f)} ({@code loss-mode=faithful},
 * the official model has only the fused head) or {@code CE(z_f) + Σ_{m kept} CE(z_m)} ({@code loop}); on a row where
 * modalities are dropped, their embeddings are zeroed before the fusion head (zero-embedding) and their unimodal CEs
 * are left out.
 *
 * <p>Valuation, at the end of every epoch {@code t ≥ warmup} (from 1; the official 0-based {@code t ≥ W−1}), eval
 * mode, over the whole training set: for each sample {@code i} and non-empty subset {@code S} of modalities,
 * {@code ŷ_i(S) = argmax z_f(e_S, 0)} (others' embeddings zeroed), value {@code v_i(S) = |S|·1[ŷ_i(S) = y_i]},
 * {@code v(∅) = 0}, Shapley contribution
 * {@code φ_i^m = Σ_{S ⊆ M∖{m}} |S|!(M−|S|−1)!/M! (v_i(S ∪ {m}) − v_i(S))} (two modalities:
 * {@code φ^a = ½(v({a}) + v({a,v}) − v({v}))}).
 *
 * <p>Re-sampling for the next epoch: the full training set once, plus
 * <ul>
 * <li>{@code level=sample}: for each sample {@code i} and modality {@code m}, {@code n(φ_i^m)} copies keeping only
 *     modality {@code m}: {@code n = 1} for {@code 0.4 < φ < 1}, 2 for {@code −0.1 < φ < 0.4}, 3 for
 *     {@code φ < −0.1}, else 0 ({@code sample_level.py});</li>
 * <li>{@code level=modality}: {@code ⌊r N⌋} indices drawn with replacement give {@code φ̄^m},
 *     {@code Δ^m = 1 − φ̄^m}; {@code p = f(mean_{m<m'} |Δ^m − Δ^{m'}|)} with {@code linear: (2/3) α x},
 *     {@code tanh: tanh((2/3) α x)}, {@code square: ((2/3) x)^{1.5} α} (the pair mean equals the official formula for
 *     two modalities; for three it is BalanceBenchmark's generalisation, ours); {@code ⌊p N⌋} indices drawn uniformly
 *     with replacement are appended keeping only {@code argmax_m Δ^m} ({@code modality_level.py}).</li>
 * </ul>
 * The enlarged set is shuffled (seeded by run seed and epoch). Warm-up epochs train on the plain set. The plan is
 * part of the scheduler's checkpoint state. Valuation runs on the training inputs as stored (no augmentation here).
 *
 * <p>Differences: BalanceBenchmark values {@code 1[correct]} without the {@code |S|} factor, zeroes raw inputs,
 * reuses the first batch's results (a bug) and sums ordered pairs (doubling {@code p}); not followed. The released
 * code is not runnable as is; the logic above is what it intends.
 *
 * <p>Sources: Y. Wei, R. Feng, Z. Wang, D. Hu, "Enhancing Multimodal Cooperation via Sample-level Modality Valuation",
 * CVPR 2024; official code {@code GeWu-Lab/Valuate-and-Enhance-Multimodal-Cooperation} ({@code code/sample_level.py},
 * {@code code/modality_level.py}, {@code code/datasets/dataloader.py}, {@code code/models/models.py}, commit 7ed12b0);
 * spec {@code baselines.md} §A5.
 */
public final class Smv implements TrainingMethod {

    /** Stable id. */
    public static final String ID = "smv";

    /** Random-stream purpose of the enlarged set's shuffle ({@link RandomStreams#of}). */
    private static final long PLAN_SHUFFLE = 0x534D56L;
    /** Random-stream purpose of the modality-level draws. */
    private static final long MODALITY_DRAWS = 0x534D57L;

    private final boolean sampleLevel;
    private final int warmup;
    private final double partRatio;
    private final double alpha;
    private final String function;
    private final boolean faithful;
    private ModelProbe probe;
    private int modalities;
    private Plan scheduler;
    private double[][] lastContributions;

    public Smv(MethodOptions o) {
        this.sampleLevel = o.getString("level").equals("sample");
        this.warmup = o.getInt("warmup");
        this.partRatio = o.getDouble("part-ratio");
        this.alpha = o.getDouble("alpha");
        this.function = o.getString("function");
        this.faithful = o.getString("loss-mode").equals("faithful");
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.DATA_LEVEL,
                "SMV (Wei et al., CVPR 2024): Shapley modality contributions per sample; low-contribution samples re-enter with only that modality",
                List.of("sequenceScheduler", "lossWeights", "onModelReady", "loss", "onEpochEnd"),
                List.of(
                        HyperParameter.ofChoice("level", "sample", List.of("sample", "modality"),
                                "re-sampling per sample (0-3 copies per modality) or per modality (a fraction of random samples)"),
                        HyperParameter.ofInt("warmup", 5, 1, null, "plain epochs before the first valuation (official 5)"),
                        HyperParameter.ofDouble("part-ratio", 0.2, 1e-6, 1.0, "modality level: fraction of samples averaged for the gaps (official 0.2)"),
                        HyperParameter.ofDouble("alpha", 1.0, 0.0, 100.0, "modality level: re-sampling strength (official 1.0)"),
                        HyperParameter.ofChoice("function", "linear", List.of("linear", "tanh", "square"),
                                "modality level: re-sampling fraction as a function of the gap (official linear)"),
                        HyperParameter.ofChoice("loss-mode", "faithful", List.of("faithful", "loop"),
                                "faithful: fused CE only (official); loop: fused + unimodal CEs of the kept modalities")),
                Map.of(), Smv::new);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public LossWeights lossWeights() {
        return faithful ? LossWeights.FUSED_ONLY : LossWeights.FUSED_AND_UNIMODAL;
    }

    @Override
    public void onModelReady(TrainingContext context) {
        probe = new ModelProbe(context);
        modalities = probe.modalityCount();
    }

    @Override
    public SequenceScheduler sequenceScheduler(TrainingContext context) {
        scheduler = new Plan(context.trainSet().size(), context.seed(), modalities);
        return scheduler;
    }

    @Override
    public NDArray loss(BatchContext batch, NDArray defaultLoss) {
        int[] indices = batch.sampleIndices();
        int from = batch.batchIndex() * batch.context().config().batchSize();
        int full = (1 << modalities) - 1;
        float[][] keep = new float[modalities][indices.length];
        boolean masked = false;
        for (int i = 0; i < indices.length; i++) {
            int mask = scheduler.maskAt(from + i, indices[i]);
            masked |= mask != full;
            for (int m = 0; m < modalities; m++) {
                keep[m][i] = (mask >> m & 1) == 1 ? 1f : 0f;
            }
        }
        if (!masked) {
            return defaultLoss;
        }
        ModelOutputs out = batch.outputs();
        NDList embeddings = new NDList(modalities);
        NDArray[] keepColumns = new NDArray[modalities];
        for (int m = 0; m < modalities; m++) {
            keepColumns[m] = batch.manager().create(keep[m], new Shape(indices.length, 1));
            embeddings.add(out.embedding(m).mul(keepColumns[m]));
        }
        NDArray fused = batch.context().network().fusion().forward(batch.parameterStore(), embeddings, true).singletonOrThrow();
        NDArray loss = Objectives.crossEntropy(fused, batch.oneHotLabels()).mean();
        if (!faithful) {
            for (int m = 0; m < modalities; m++) {
                NDArray ce = Objectives.crossEntropy(out.unimodal(m), batch.oneHotLabels()).mul(keepColumns[m].reshape(indices.length));
                loss = loss.add(ce.mean());
            }
        }
        return loss;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochReport report) {
        if (report.epoch() < warmup) {
            return;
        }
        int n = context.trainSet().size();
        double[][] phi = contributions(context);
        lastContributions = phi;
        List<int[]> extra = new ArrayList<>();
        if (sampleLevel) {
            for (int i = 0; i < n; i++) {
                for (int m = 0; m < modalities; m++) {
                    for (int c = copies(phi[i][m]); c > 0; c--) {
                        extra.add(new int[] {i, 1 << m});
                    }
                }
            }
        } else {
            UniformRandomProvider random = RandomStreams.of(context.seed(), MODALITY_DRAWS, report.epoch());
            int draws = Math.max(1, (int) Math.floor(partRatio * n));
            double[] mean = new double[modalities];
            for (int d = 0; d < draws; d++) {
                int i = random.nextInt(n);
                for (int m = 0; m < modalities; m++) {
                    mean[m] += phi[i][m] / draws;
                }
            }
            double[] gaps = new double[modalities];
            int weakest = 0;
            for (int m = 0; m < modalities; m++) {
                gaps[m] = 1 - mean[m];
                if (gaps[m] > gaps[weakest]) {
                    weakest = m;
                }
            }
            int count = (int) Math.floor(modalityLevelFraction(gaps, alpha, function) * n);
            for (int c = 0; c < count; c++) {
                extra.add(new int[] {random.nextInt(n), 1 << weakest});
            }
        }
        scheduler.setPlan(extra);
    }

    /** {@code φ_i^m} of every training sample, from an eval-mode pass with zero-embedding subsets. */
    private double[][] contributions(TrainingContext context) {
        int n = context.trainSet().size();
        int batch = context.config().evaluationBatchSize();
        ModelProbe.Pass pass = probe.evaluate(context.trainSet(), ModelProbe.all(n), batch);
        int subsets = 1 << modalities;
        double[][] phi = new double[n][];
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            boolean[][] correct = new boolean[to - from][subsets];
            try (NDScope scope = new NDScope(); NDManager bm = context.modelManager().newSubManager()) {
                NDArray[] e = new NDArray[modalities];
                for (int m = 0; m < modalities; m++) {
                    float[][] rows = java.util.Arrays.copyOfRange(pass.embeddings()[m], from, to);
                    float[] flat = new float[rows.length * rows[0].length];
                    for (int r = 0; r < rows.length; r++) {
                        System.arraycopy(rows[r], 0, flat, r * rows[0].length, rows[0].length);
                    }
                    e[m] = bm.create(flat, new Shape(rows.length, rows[0].length));
                }
                for (int s = 1; s < subsets; s++) {
                    NDList masked = new NDList(modalities);
                    for (int m = 0; m < modalities; m++) {
                        masked.add((s >> m & 1) == 1 ? e[m] : e[m].zerosLike());
                    }
                    NDArray fused = context.network().fusion().forward(probe.parameterStore(), masked, false).singletonOrThrow();
                    float[][] z = Numerics.toMatrix(fused);
                    for (int r = 0; r < z.length; r++) {
                        correct[r][s] = argmax(z[r]) == pass.labels()[from + r];
                    }
                }
            }
            for (int r = 0; r < to - from; r++) {
                phi[from + r] = shapley(values(correct[r]), modalities);
            }
        }
        return phi;
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    /** {@code v(S) = |S|·1[correct(S)]} by subset bit mask ({@code v(∅) = 0}). */
    public static double[] values(boolean[] correctBySubset) {
        double[] v = new double[correctBySubset.length];
        for (int s = 1; s < v.length; s++) {
            v[s] = correctBySubset[s] ? Integer.bitCount(s) : 0;
        }
        return v;
    }

    /**
     * Shapley contributions {@code φ^m = Σ_{S ⊆ M∖{m}} |S|!(M−|S|−1)!/M! (v(S∪{m}) − v(S))}.
     *
     * @param value {@code v(S)} indexed by subset bit mask (bit {@code m} = modality {@code m}), length {@code 2^M}
     */
    public static double[] shapley(double[] value, int modalities) {
        double[] phi = new double[modalities];
        double mFactorial = factorial(modalities);
        for (int m = 0; m < modalities; m++) {
            for (int s = 0; s < value.length; s++) {
                if ((s >> m & 1) == 1) {
                    continue;
                }
                int size = Integer.bitCount(s);
                double weight = factorial(size) * factorial(modalities - size - 1) / mFactorial;
                phi[m] += weight * (value[s | 1 << m] - value[s]);
            }
        }
        return phi;
    }

    private static double factorial(int k) {
        double f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }

    /** Copies keeping only the modality, for a contribution {@code φ}: 1, 2, 3 or 0 (see the class comment). */
    public static int copies(double phi) {
        if (phi > 0.4 && phi < 1) {
            return 1;
        }
        if (phi > -0.1 && phi < 0.4) {
            return 2;
        }
        if (phi < -0.1) {
            return 3;
        }
        return 0;
    }

    /** Modality-level re-sampling fraction {@code p} from the gaps {@code Δ^m} (see the class comment). */
    public static double modalityLevelFraction(double[] gaps, double alpha, String function) {
        double sum = 0;
        int pairs = 0;
        for (int m = 0; m < gaps.length; m++) {
            for (int j = m + 1; j < gaps.length; j++) {
                sum += Math.abs(gaps[m] - gaps[j]);
                pairs++;
            }
        }
        double x = pairs == 0 ? 0 : sum / pairs;
        return switch (function) {
            case "tanh" -> Math.tanh(2.0 / 3 * alpha * x);
            case "square" -> Math.pow(2.0 / 3 * x, 1.5) * alpha;
            default -> 2.0 / 3 * alpha * x;
        };
    }

    /** {@code φ_i^m} of the last valuation ({@code [sample][modality]}), or {@code null}. */
    public double[][] lastContributions() {
        return lastContributions;
    }

    /** Rows added for the next epoch by the last valuation. */
    public int plannedDuplicates() {
        return scheduler == null ? 0 : scheduler.extraIndices.length;
    }

    /**
     * The sequence scheduler: every sample once plus the planned duplicates (index, kept-modalities bit mask),
     * shuffled per epoch; remembers the masks of the epoch's sequence by position for {@link #loss}.
     */
    static final class Plan implements SequenceScheduler {
        private final int n;
        private final long seed;
        private final int full;
        private int[] extraIndices = new int[0];
        private int[] extraMasks = new int[0];
        private int[] sequence = new int[0];
        private int[] masks = new int[0];

        Plan(int n, long seed, int modalities) {
            this.n = n;
            this.seed = seed;
            this.full = (1 << modalities) - 1;
        }

        void setPlan(List<int[]> extra) {
            extraIndices = extra.stream().mapToInt(e -> e[0]).toArray();
            extraMasks = extra.stream().mapToInt(e -> e[1]).toArray();
        }

        /** The kept-modalities mask at position {@code p} of this epoch's sequence, which must hold {@code index}. */
        int maskAt(int p, int index) {
            if (p >= sequence.length || sequence[p] != index) {
                throw new IllegalStateException("method smv: batch positions do not match its sequence (the sequence was changed"
                        + " after the scheduler produced it)");
            }
            return masks[p];
        }

        @Override
        public boolean needsScores(int epoch) {
            return false;
        }

        @Override
        public void updateScores(int epoch, double[] scores) {
        }

        @Override
        public int[] sequence(int epoch) {
            int total = n + extraIndices.length;
            int[] idx = new int[total];
            int[] msk = new int[total];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
                msk[i] = full;
            }
            System.arraycopy(extraIndices, 0, idx, n, extraIndices.length);
            System.arraycopy(extraMasks, 0, msk, n, extraMasks.length);
            int[] order = RandomStreams.permutation(RandomStreams.of(seed, PLAN_SHUFFLE, epoch), total);
            int[] shuffled = new int[total];
            int[] shuffledMasks = new int[total];
            for (int i = 0; i < total; i++) {
                shuffled[i] = idx[order[i]];
                shuffledMasks[i] = msk[order[i]];
            }
            idx = shuffled;
            msk = shuffledMasks;
            sequence = idx;
            masks = msk;
            return idx.clone();
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public byte[] saveState() {
            return StateBytes.write(out -> {
                out.writeInt(extraIndices.length);
                for (int i = 0; i < extraIndices.length; i++) {
                    out.writeInt(extraIndices[i]);
                    out.writeInt(extraMasks[i]);
                }
            });
        }

        @Override
        public void restoreState(byte[] state) {
            StateBytes.read(state, ID + " scheduler", in -> {
                int count = in.readInt();
                int[] idx = new int[count];
                int[] msk = new int[count];
                for (int i = 0; i < count; i++) {
                    idx[i] = in.readInt();
                    msk[i] = in.readInt();
                    if (idx[i] < 0 || idx[i] >= n || msk[i] <= 0 || msk[i] > full) {
                        throw new IOException("smv plan entry " + i + " out of range");
                    }
                }
                extraIndices = idx;
                extraMasks = msk;
            });
        }
    }
}
