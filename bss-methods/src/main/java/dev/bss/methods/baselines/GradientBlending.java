package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import ai.djl.nn.Parameter;
import dev.bss.core.random.RandomStreams;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.Objectives;
import dev.bss.engine.train.ParameterUpdater;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.methods.HyperParameter;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodFamily;
import dev.bss.methods.MethodOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * OGR-GB, Gradient-Blending: the objective {@code L = Σ_k w_k CE(z_k, y)} over the branches
 * {@code k ∈ {modalities…, fused}} (own unimodal heads, fused head), with weights from each branch's
 * overfitting-to-generalisation behaviour, re-estimated every {@code super-epoch} epochs ({@code variant=online}) or
 * once at the start ({@code offline}).
 *
 * <p>Estimation GB-ESTIMATE(θ, n), at the start of epochs {@code 1, n+1, 2n+1, …} (online): a held-out set {@code V}
 * of the training set ({@code held-out-fraction}, drawn once, seeded; never trained on,
 * {@link TrainingMethod#heldOutFraction()}); the rest is {@code D_T'}. From a snapshot of the current model, for each
 * branch {@code k}: train {@code n} epochs on {@code D_T'} with {@code CE(z_k)} only, through the loop's own batch code
 * ({@link TrainingContext#trainPass}), with a fresh optimiser (the run's settings, no state) over the branch's
 * parameters (encoder {@code m} and head {@code m}; every encoder and the fusion for {@code k = f}); mean losses
 * {@code L^T_k}, {@code L^V_k} on {@code D_T'} and {@code V} (eval mode) before and after; then restore the snapshot
 * (running statistics included). Weights: {@code ΔG = L^V(0) − L^V(n)}, {@code O = L^V − L^T},
 * {@code ΔO = O(n) − O(0)}, {@code w̃ = max(ΔG, 0)/max(ΔO², ε)}, {@code w = w̃/Σ w̃} ({@code normalisation=sum-1},
 * BalanceBenchmark and MultiBench) or {@code 2 w̃/Σ w̃} ({@code sum-2}, the paper's {@code Z} read literally);
 * uniform when every {@code w̃ = 0}. {@code OGR = |ΔO/ΔG|} is kept as a diagnostic. The copies are trained one after
 * the other on the one model instead of deep copies (same result, one model in memory).
 *
 * <p>Differences: BalanceBenchmark takes the "pre" measurement after the first estimation epoch, sums losses over
 * batches (meaningless with different batch counts), estimates on the validation/test loader and scores unimodal
 * branches with the fused head on zeroed inputs; here: means, before/after {@code n} epochs, a held-out part of the
 * training set, own unimodal heads. BalanceBenchmark's offline variant estimates over the whole run length
 * ({@code n = N}); here {@code super-epoch} epochs. No official G-Blend code was found. Prediction: the loop's
 * default (sum of the trained heads; {@code model.test-heads=fused} for the fused head alone, as the paper).
 *
 * <p>Sources: W. Wang, D. Tran, M. Feiszli, "What Makes Training Multi-Modal Classification Networks Hard?", CVPR
 * 2020; reference codes {@code GeWu-Lab/BalanceBenchmark} ({@code balancemm/trainer/GBlending_trainer.py},
 * {@code configs/trainer_config.yaml}, commit 4c1482f) and {@code pliang279/MultiBench}
 * ({@code training_structures/gradient_blend.py}); spec {@code baselines.md} §A1.
 */
public final class GradientBlending implements TrainingMethod {

    /** Stable id. */
    public static final String ID = "ogr-gb";

    /** Random-stream purpose of the estimation passes' shuffles ({@link RandomStreams#of}). */
    private static final long ESTIMATION_SHUFFLE = 0x4F4752L;

    private final boolean online;
    private final int superEpoch;
    private final double heldOutFraction;
    private final double epsilon;
    private final double normalisation;
    private ModelProbe probe;
    private int modalities;
    /** Current weights {@code [w_0..w_{M−1}, w_f]}, uniform until the first estimate. */
    private double[] weights;
    private double[] lastOgr;
    private int estimates;

    public GradientBlending(MethodOptions o) {
        this.online = o.getString("variant").equals("online");
        this.superEpoch = o.getInt("super-epoch");
        this.heldOutFraction = o.getDouble("held-out-fraction");
        this.epsilon = o.getDouble("epsilon");
        this.normalisation = o.getString("normalisation").equals("sum-2") ? 2 : 1;
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.OBJECTIVE,
                "Gradient-Blending (Wang et al., CVPR 2020): per-branch loss weights from overfitting-to-generalisation estimates on held-out training samples",
                List.of("heldOutFraction", "lossWeights", "onModelReady", "onEpochStart", "loss", "saveState", "restoreState"),
                List.of(
                        HyperParameter.ofChoice("variant", "online", List.of("online", "offline"),
                                "re-estimate every super-epoch (BalanceBenchmark default) or once at the start"),
                        HyperParameter.ofInt("super-epoch", 10, 1, 1000, "epochs per estimation and between estimates (BalanceBenchmark 10, MultiBench 20)"),
                        HyperParameter.ofDouble("held-out-fraction", 0.08, 0.001, 0.5, "fraction of the training set held out for the estimates (MultiBench 0.08)"),
                        HyperParameter.ofDouble("epsilon", 1e-6, 1e-12, 1.0, "floor of the squared overfitting change in the weight's denominator"),
                        HyperParameter.ofChoice("normalisation", "sum-1", List.of("sum-1", "sum-2"),
                                "weights sum to 1 (BalanceBenchmark, MultiBench) or 2 (the paper's Z read literally)")),
                Map.of(), GradientBlending::new);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double heldOutFraction() {
        return heldOutFraction;
    }

    /** Fused and unimodal heads (evaluation loss and the default prediction heads); training uses the blended loss. */
    @Override
    public LossWeights lossWeights() {
        return LossWeights.FUSED_AND_UNIMODAL;
    }

    @Override
    public void onModelReady(TrainingContext context) {
        probe = new ModelProbe(context);
        modalities = probe.modalityCount();
        if (weights == null) {
            weights = new double[modalities + 1];
            Arrays.fill(weights, normalisation / (modalities + 1));
        }
        if (context.heldOutIndices().length == 0) {
            throw new IllegalStateException("method ogr-gb: no held-out samples (the trainer did not carve them)");
        }
    }

    /** Whether an estimate runs at the start of epoch {@code t} (from 1). */
    public boolean estimatesAt(int epoch) {
        return online ? (epoch - 1) % superEpoch == 0 : epoch == 1;
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        if (!estimatesAt(epoch)) {
            return;
        }
        int[] kept = context.trainingIndices();
        int[] heldOut = context.heldOutIndices();
        int batch = context.config().evaluationBatchSize();
        double lr = context.updater().settings().learningRate(epoch);
        java.util.Map<String, float[]> snapshot = probe.snapshot();
        double[][] before = branchLosses(probe.evaluate(context.trainSet(), kept, batch), probe.evaluate(context.trainSet(), heldOut, batch));
        double[][] after = new double[modalities + 1][];
        for (int k = 0; k <= modalities; k++) {
            int branch = k;
            ParameterUpdater optimizer = probe.newUpdater(branchParameters(context, k));
            TrainingMethod hooks = new TrainingMethod() {
                @Override
                public String id() {
                    return ID + "-estimate";
                }

                @Override
                public NDArray loss(BatchContext b, NDArray defaultLoss) {
                    return branchLoss(b.outputs(), b.oneHotLabels(), branch);
                }

                @Override
                public void optimizerStep(BatchContext b, double learningRate) {
                    optimizer.step(learningRate);
                    b.context().updater().zeroGradients();
                }
            };
            for (int t = 1; t <= superEpoch; t++) {
                context.trainPass(epoch, shuffle(kept, context.seed(), epoch, k, t), lr, hooks);
            }
            double[][] losses = branchLosses(probe.evaluate(context.trainSet(), kept, batch), probe.evaluate(context.trainSet(), heldOut, batch));
            after[k] = new double[] {losses[k][0], losses[k][1]};
            probe.restore(snapshot, null);
        }
        double[][] result = weights(before, after, epsilon);
        weights = result[0];
        if (normalisation != 1) {
            for (int k = 0; k < weights.length; k++) {
                weights[k] *= normalisation;
            }
        }
        lastOgr = result[1];
        estimates++;
    }

    /** Branch {@code k}'s parameters: encoder {@code k} and its head, or (fused) every encoder and the fusion. */
    private List<Parameter> branchParameters(TrainingContext context, int k) {
        if (k < modalities) {
            return probe.branchParameters(k);
        }
        List<Parameter> list = new ArrayList<>();
        for (int m = 0; m < modalities; m++) {
            list.addAll(probe.encoderTrainable(m));
        }
        for (Parameter p : context.network().fusionParameters()) {
            if (p.requiresGradient()) {
                list.add(p);
            }
        }
        return list;
    }

    private NDArray branchLoss(ModelOutputs out, NDArray oneHot, int k) {
        return Objectives.crossEntropy(k < modalities ? out.unimodal(k) : out.fused(), oneHot).mean();
    }

    /** {@code [branch][train mean CE, held-out mean CE]} from eval passes over {@code D_T'} and {@code V}. */
    private double[][] branchLosses(ModelProbe.Pass train, ModelProbe.Pass heldOut) {
        double[][] out = new double[modalities + 1][2];
        for (int k = 0; k <= modalities; k++) {
            out[k][0] = Numerics.meanCrossEntropy(k < modalities ? train.unimodalLogits()[k] : train.fusedLogits(), train.labels(), 0);
            out[k][1] = Numerics.meanCrossEntropy(k < modalities ? heldOut.unimodalLogits()[k] : heldOut.fusedLogits(), heldOut.labels(), 0);
        }
        return out;
    }

    /** {@code indices} shuffled by the stream (run seed, estimation, (epoch, branch, estimation epoch)). */
    private static int[] shuffle(int[] indices, long seed, int epoch, int branch, int t) {
        int[] out = indices.clone();
        RandomStreams.shuffle(RandomStreams.of(seed, ESTIMATION_SHUFFLE, ((long) epoch * 64 + branch) * 4096 + t), out, out.length);
        return out;
    }

    @Override
    public NDArray loss(BatchContext batch, NDArray defaultLoss) {
        ModelOutputs out = batch.outputs();
        NDArray loss = Scalars.times(branchLoss(out, batch.oneHotLabels(), modalities), (float) weights[modalities]);
        for (int m = 0; m < modalities; m++) {
            loss = loss.add(Scalars.times(branchLoss(out, batch.oneHotLabels(), m), (float) weights[m]));
        }
        return loss;
    }

    /**
     * Blending weights and OGR from one estimation round.
     *
     * @param before {@code [k][L^T_k(0), L^V_k(0)]}
     * @param after {@code [k][L^T_k(n), L^V_k(n)]}
     * @return {@code {w (sum 1), OGR, w̃}} per branch
     */
    public static double[][] weights(double[][] before, double[][] after, double epsilon) {
        int n = before.length;
        double[] raw = new double[n];
        double[] ogr = new double[n];
        double total = 0;
        for (int k = 0; k < n; k++) {
            double gain = before[k][1] - after[k][1];
            double overfitChange = (after[k][1] - after[k][0]) - (before[k][1] - before[k][0]);
            raw[k] = Math.max(gain, 0) / Math.max(overfitChange * overfitChange, epsilon);
            ogr[k] = Math.abs(overfitChange / gain);
            total += raw[k];
        }
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = total > 0 ? raw[k] / total : 1.0 / n;
        }
        return new double[][] {w, ogr, raw};
    }

    /** {@code Σ_k w_k CE_k}: the blended objective from the branches' batch-mean cross-entropies. */
    public static double blendedLoss(double[] weights, double[] branchLosses) {
        double s = 0;
        for (int k = 0; k < weights.length; k++) {
            s += weights[k] * branchLosses[k];
        }
        return s;
    }

    /** Current weights {@code [w_0..w_{M−1}, w_fused]} (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** OGR per branch of the last estimate, or {@code null}. */
    public double[] lastOgr() {
        return lastOgr == null ? null : lastOgr.clone();
    }

    /** Number of estimates run so far. */
    public int estimates() {
        return estimates;
    }

    @Override
    public byte[] saveState() {
        return StateBytes.write(out -> {
            out.writeInt(estimates);
            StateBytes.writeDoubles(out, weights);
            StateBytes.writeDoubles(out, lastOgr);
        });
    }

    @Override
    public void restoreState(byte[] state) {
        StateBytes.read(state, ID, in -> {
            estimates = in.readInt();
            double[] w = StateBytes.readDoubles(in);
            if (w == null || w.length != modalities + 1) {
                throw new IOException("ogr-gb state has " + (w == null ? 0 : w.length) + " weights, the model needs " + (modalities + 1));
            }
            weights = w;
            lastOgr = StateBytes.readDoubles(in);
        });
    }
}
