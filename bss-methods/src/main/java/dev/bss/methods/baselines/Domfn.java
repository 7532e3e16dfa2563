package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.Objectives;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.methods.HyperParameter;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodFamily;
import dev.bss.methods.MethodOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DOMFN: divergence-orientated multimodal fusion. Scores {@code s_m = σ(z_m)} (own unimodal heads) and
 * {@code s_f = σ(z_f)} (the concat fusion head); per sample:
 * <ul>
 * <li>{@code CE_m = CE(s_m, y)}, {@code CE_f = CE(s_f, y)}: softmax cross-entropy of the sigmoid scores
 *     ({@code ce-on=sigmoid}, the official double squashing) or of the logits ({@code logits});</li>
 * <li>divergence {@code p_m = max_c (s_{m,c} − r_c)²} with reference {@code r = s_f} ({@code reference=fused},
 *     {@code MM22_DOMFN}) or {@code r = mean_m s_m} ({@code mean}, the PyTorch MOSI code); always on sigmoid scores;</li>
 * <li>{@code L_m = ½ CE_m² − η p_m} (divergence is rewarded);</li>
 * <li>gate {@code g = 1[∀m: p_m/τ < γ]} (no gradient).</li>
 * </ul>
 * Fused samples ({@code g = 1}) train everything with {@code Σ_m L_m + Σ_m CE_m + CE_f}; diverged samples train each
 * branch {@code m} alone with {@code L⊥_m}, which is {@code L_m} with {@code s_f} (or the mean reference) built from
 * the other modalities' <b>detached</b> embeddings (scores) and the <b>detached</b> fusion head, so that only
 * encoder {@code m} and head {@code m} receive its gradient. Batched: {@code L = mean_i [g_i (…) + (1−g_i) Σ_m L⊥_m]}
 * (the spec's batched form of the official batch-size-1 training; equal up to optimiser statistics, one optimiser
 * step per batch instead of one per sample and branch). The first {@code pre-epochs} epochs pre-train the unimodal
 * branches with {@code Σ_m CE_m} (the official pre-training phase, at the run's learning rate; the fusion head is
 * not stepped, {@link #objectiveHeads}). The fusion head's
 * learning rate is scaled by {@code fused-lr-scale} (official fine-tune rates: fused 1e-4 vs encoders 1e-5/5e-5).
 *
 * <p>Test time ({@link #prediction}): the same gate per sample, without the label: the fused logits if {@code g = 1},
 * else the logits of {@code m* = argmax_m max_c s_{m,c}} (ties to the lower modality index; the code's strict
 * {@code >} leaves them undefined). Logits rather than sigmoid scores are returned (same arg-max).
 *
 * <p>Differences: the official fusion head is an MLP {@code [e] → 64 → K} and every head ends with a sigmoid; ours
 * is the loop's concat linear head (required: the detached forward is built from its weight and bias) with the
 * sigmoid applied in the loss. Per-module Adam optimisers with per-module rates become one optimiser with a scaled
 * fusion rate. The official checkpointing never saves (its comparison is reversed); the loop's model selection
 * applies. γ, η, τ were tuned on the paper's binary task only; defaults γ = 0.8, η = 0.5 from the code, τ = 0.5
 * (the spec's choice for more than two classes; resume task 0.2).
 *
 * <p>Sources: Y. Yang, J. Guo, D. Zhou, et al., "Divergence-Orientated Multi-Modal Fusion Network for Resume
 * Assessment", ACM MM 2022; official code {@code njustkmg/MM22_DOMFN} ({@code engines/resume_trainer.py},
 * {@code models/encoder.py}, {@code main.py}, commit 8acca5e) and {@code njustkmg/DOMFN}
 * ({@code engines/mosi_trainer.py}, {@code config/mosi_config.py}, {@code config/resume_config.py}, commit 77743c2);
 * spec {@code baselines.md} §A2.
 */
public final class Domfn implements TrainingMethod {

    /** Stable id. */
    public static final String ID = "domfn";

    private final double gamma;
    private final double eta;
    private final double tau;
    private final boolean meanReference;
    private final boolean ceOnSigmoid;
    private final int preEpochs;
    private final double fusedLrScale;
    private int modalities;
    private Parameter fusedWeight;
    private Parameter fusedBias;
    private int[] columnOffsets;
    private double lastFusedFraction = Double.NaN;

    public Domfn(MethodOptions o) {
        this.gamma = o.getDouble("gamma");
        this.eta = o.getDouble("eta");
        this.tau = o.getDouble("tau");
        this.meanReference = o.getString("reference").equals("mean");
        this.ceOnSigmoid = o.getString("ce-on").equals("sigmoid");
        this.preEpochs = o.getInt("pre-epochs");
        this.fusedLrScale = o.getDouble("fused-lr-scale");
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.OBJECTIVE,
                "DOMFN (Yang et al., ACM MM 2022): per-sample divergence gate; agreeing samples train the fusion, diverging ones each branch alone",
                List.of("lossWeights", "onModelReady", "objectiveHeads", "loss", "prediction"),
                List.of(
                        HyperParameter.ofDouble("gamma", 0.8, 0.0, 100.0, "gate threshold on p_m/tau (official 0.8)"),
                        HyperParameter.ofDouble("eta", 0.5, 0.0, 100.0, "weight of the divergence reward (official 0.5)"),
                        HyperParameter.ofDouble("tau", 0.5, 1e-6, 100.0, "divergence scale (official resume 0.2, MOSI 0.5)"),
                        HyperParameter.ofChoice("reference", "fused", List.of("fused", "mean"),
                                "divergence against the fused score (MM22_DOMFN) or the mean unimodal score (PyTorch MOSI code)"),
                        HyperParameter.ofChoice("ce-on", "sigmoid", List.of("sigmoid", "logits"),
                                "softmax CE on the sigmoid scores (official double squashing) or on the logits"),
                        HyperParameter.ofInt("pre-epochs", 15, 0, null, "unimodal pre-training epochs before the gated training (official resume 15, MOSI 30)"),
                        HyperParameter.ofDouble("fused-lr-scale", 1.0, 0.0, 1000.0, "learning-rate multiplier of the fusion head (official fine-tune: 2-10x the encoders')")),
                Map.of(), Domfn::new);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public LossWeights lossWeights() {
        return LossWeights.FUSED_AND_UNIMODAL;
    }

    @Override
    public void onModelReady(TrainingContext context) {
        modalities = context.modalityNames().size();
        List<Parameter> fusion = context.network().fusionParameters();
        int total = 0;
        columnOffsets = new int[modalities + 1];
        int[] sizes = context.network().embeddingSizes();
        for (int m = 0; m < modalities; m++) {
            columnOffsets[m] = total;
            total += sizes[m];
        }
        columnOffsets[modalities] = total;
        for (Parameter p : fusion) {
            long[] shape = p.getArray().getShape().getShape();
            if (p.getType() == Parameter.Type.WEIGHT && shape.length == 2 && shape[1] == total) {
                fusedWeight = p;
            } else if (p.getType() == Parameter.Type.BIAS) {
                fusedBias = p;
            }
        }
        if (fusion.size() != 2 || fusedWeight == null || fusedBias == null) {
            throw new IllegalArgumentException("method domfn: needs the concat fusion (one linear layer on the concatenated embeddings),"
                    + " the model's fusion has " + fusion.size() + " parameters; use model.fusion=concat");
        }
        if (fusedLrScale != 1.0) {
            for (Parameter p : fusion) {
                context.updater().setLearningRateScale(p, fusedLrScale);
            }
        }
    }

    /** The pre-training epochs train the unimodal branches only: the fusion head has no gradient and is not stepped. */
    @Override
    public Set<String> objectiveHeads(BatchContext batch, Set<String> heads) {
        if (batch.epoch() > preEpochs || !heads.contains(LossWeights.FUSED_HEAD)) {
            return heads;
        }
        Set<String> unimodal = new LinkedHashSet<>(heads);
        unimodal.remove(LossWeights.FUSED_HEAD);
        return unimodal;
    }

    @Override
    public NDArray loss(BatchContext batch, NDArray defaultLoss) {
        ModelOutputs out = batch.outputs();
        NDArray y = batch.oneHotLabels();
        if (batch.epoch() <= preEpochs) {
            NDArray l = null;
            for (int m = 0; m < modalities; m++) {
                NDArray ce = Objectives.crossEntropy(out.unimodal(m), y).mean();
                l = l == null ? ce : l.add(ce);
            }
            return l;
        }
        NDArray[] z = new NDArray[modalities];
        NDArray[] frozen = new NDArray[modalities];
        for (int m = 0; m < modalities; m++) {
            z[m] = out.unimodal(m);
            frozen[m] = meanReference ? null : frozenFused(out, m);
        }
        NDArray[] perSample = perSampleLoss(z, out.fused(), frozen, y, gamma, eta, tau, meanReference, ceOnSigmoid);
        lastFusedFraction = perSample[1].mean().getFloat();
        return perSample[0].mean();
    }

    /**
     * The gated loss per sample and the gate, {@code {B}} each (see the class comment).
     *
     * @param unimodal {@code z_m} per modality
     * @param fused {@code z_f}
     * @param frozenFused per modality {@code m}, {@code z_f} computed from detached fusion weights and every embedding
     *     but {@code e_m} detached (ignored, may be {@code null}, with the mean reference)
     * @return {loss per sample, gate per sample (1 = fused)}
     */
    public static NDArray[] perSampleLoss(NDArray[] unimodal, NDArray fused, NDArray[] frozenFused, NDArray oneHot, double gamma,
            double eta, double tau, boolean meanReference, boolean ceOnSigmoid) {
        int modalities = unimodal.length;
        NDArray[] s = new NDArray[modalities];
        NDArray[] ce = new NDArray[modalities];
        for (int m = 0; m < modalities; m++) {
            s[m] = sigmoid(unimodal[m]);
            ce[m] = Objectives.crossEntropy(ceOnSigmoid ? s[m] : unimodal[m], oneHot);
        }
        NDArray sf = sigmoid(fused);
        NDArray reference = meanReference ? mean(s) : sf;
        NDArray fusedTerm = Objectives.crossEntropy(ceOnSigmoid ? sf : fused, oneHot);
        NDArray gate = null;
        for (int m = 0; m < modalities; m++) {
            NDArray penalty = s[m].sub(reference).square().max(new int[] {1});
            fusedTerm = fusedTerm.add(Scalars.times(ce[m].square(), 0.5f).sub(Scalars.times(penalty, (float) eta))).add(ce[m]);
            NDArray below = Scalars.over(penalty.stopGradient(), (float) tau).lt((float) gamma);
            gate = gate == null ? below : gate.logicalAnd(below);
        }
        NDArray g = gate.toType(fusedTerm.getDataType(), false);
        NDArray divergedTerm = null;
        for (int m = 0; m < modalities; m++) {
            NDArray ref = meanReference ? meanWithLive(s, m) : sigmoid(frozenFused[m]);
            NDArray penalty = s[m].sub(ref).square().max(new int[] {1});
            NDArray lm = Scalars.times(ce[m].square(), 0.5f).sub(Scalars.times(penalty, (float) eta));
            divergedTerm = divergedTerm == null ? lm : divergedTerm.add(lm);
        }
        return new NDArray[] {g.mul(fusedTerm).add(g.neg().add(1f).mul(divergedTerm)), g};
    }

    private static NDArray sigmoid(NDArray z) {
        return Activation.sigmoid(z);
    }

    private static NDArray mean(NDArray[] s) {
        NDArray sum = s[0];
        for (int m = 1; m < s.length; m++) {
            sum = sum.add(s[m]);
        }
        return Scalars.over(sum, s.length);
    }

    /** The mean score with every modality but {@code live} detached. */
    private static NDArray meanWithLive(NDArray[] s, int live) {
        NDArray sum = null;
        for (int m = 0; m < s.length; m++) {
            NDArray term = m == live ? s[m] : s[m].stopGradient();
            sum = sum == null ? term : sum.add(term);
        }
        return Scalars.over(sum, s.length);
    }

    /** Fused logits with the fusion weights and every embedding but modality {@code live}'s detached. */
    private NDArray frozenFused(ModelOutputs out, int live) {
        NDList parts = new NDList(modalities);
        for (int m = 0; m < modalities; m++) {
            parts.add(m == live ? out.embedding(m) : out.embedding(m).stopGradient());
        }
        NDArray x = NDArrays.concat(parts, 1);
        NDArray w = fusedWeight.getArray().stopGradient();
        NDArray b = fusedBias.getArray().stopGradient();
        return x.matMul(w.transpose()).add(b);
    }

    @Override
    public NDArray prediction(ModelOutputs outputs) {
        int n = (int) outputs.fused().getShape().get(0);
        int k = (int) outputs.fused().getShape().get(1);
        float[][] zf = Numerics.toMatrix(outputs.fused());
        float[][][] zm = new float[modalities][][];
        for (int m = 0; m < modalities; m++) {
            zm[m] = Numerics.toMatrix(outputs.unimodal(m));
        }
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) {
            float[][] sample = new float[modalities][];
            for (int m = 0; m < modalities; m++) {
                sample[m] = zm[m][i];
            }
            int choice = select(sample, zf[i], gamma, tau, meanReference);
            System.arraycopy(choice < 0 ? zf[i] : zm[choice][i], 0, out, i * k, k);
        }
        return outputs.fused().getManager().create(out, outputs.fused().getShape());
    }

    /** Fraction of the last batch's samples that passed the gate (fused training), NaN before the gated phase. */
    public double lastFusedFraction() {
        return lastFusedFraction;
    }

    // ---- the per-sample rule in plain Java (for tests and the prediction) ----

    /** Element-wise {@code σ(z)}. */
    public static double[] sigmoid(float[] z) {
        double[] s = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            s[c] = 1 / (1 + Math.exp(-z[c]));
        }
        return s;
    }

    /** {@code −log softmax(x)_y} of a score vector. */
    public static double crossEntropy(double[] x, int y) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (double v : x) {
            z += Math.exp(v - max);
        }
        return -(x[y] - max - Math.log(z));
    }

    /** {@code p = max_c (s_c − r_c)²}. */
    public static double penalty(double[] s, double[] reference) {
        double p = 0;
        for (int c = 0; c < s.length; c++) {
            p = Math.max(p, (s[c] - reference[c]) * (s[c] - reference[c]));
        }
        return p;
    }

    /** {@code ½ CE² − η p}. */
    public static double unimodalLoss(double ce, double penalty, double eta) {
        return 0.5 * ce * ce - eta * penalty;
    }

    /** Penalties {@code p_m} of one sample against the fused score or the mean unimodal score. */
    public static double[] penalties(float[][] unimodalLogits, float[] fusedLogits, boolean meanReference) {
        int modalities = unimodalLogits.length;
        double[][] s = new double[modalities][];
        for (int m = 0; m < modalities; m++) {
            s[m] = sigmoid(unimodalLogits[m]);
        }
        double[] reference = sigmoid(fusedLogits);
        if (meanReference) {
            reference = new double[fusedLogits.length];
            for (int m = 0; m < modalities; m++) {
                for (int c = 0; c < reference.length; c++) {
                    reference[c] += s[m][c] / modalities;
                }
            }
        }
        double[] p = new double[modalities];
        for (int m = 0; m < modalities; m++) {
            p[m] = penalty(s[m], reference);
        }
        return p;
    }

    /**
     * The gated choice for one sample: −1 for the fused prediction ({@code ∀m: p_m/τ < γ}), else the modality with
     * the highest sigmoid score (ties to the lower index).
     */
    public static int select(float[][] unimodalLogits, float[] fusedLogits, double gamma, double tau, boolean meanReference) {
        double[] p = penalties(unimodalLogits, fusedLogits, meanReference);
        boolean fuse = true;
        for (double v : p) {
            fuse &= v / tau < gamma;
        }
        if (fuse) {
            return -1;
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < unimodalLogits.length; m++) {
            double top = Double.NEGATIVE_INFINITY;
            for (double v : sigmoid(unimodalLogits[m])) {
                top = Math.max(top, v);
            }
            if (top > bestScore) {
                bestScore = top;
                best = m;
            }
        }
        return best;
    }
}
