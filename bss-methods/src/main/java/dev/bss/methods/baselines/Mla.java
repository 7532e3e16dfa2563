package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.MultimodalNetwork;
import dev.bss.engine.model.UnimodalHeads;
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
import java.util.List;
import java.util.Map;

/**
 * MLA: Multimodal Learning with Alternating unimodal adaptation. One linear head {@code h(e) = W e + b} is shared by
 * every modality ({@link UnimodalHeads#SHARED_LINEAR}; modalities whose embedding size differs are projected to the
 * largest one first); the network's concat fusion head is left untrained. Per batch ({@code main.py --gs_flag}):
 * <ol>
 * <li>One forward pass of all encoders (they are independent, so computing them before the steps is exact).</li>
 * <li>For each modality {@code m} in dataset order, one sub-step: {@code L_m = CE(h(e_m), y)} with the head's
 *     current weights (recomputed after the previous sub-step's step); back-propagation reaches encoder {@code m}
 *     and {@code h}; the gradient projection below; one optimiser step of encoder {@code m} (with its projection)
 *     and of {@code h} only. Each module has its own optimiser state, so {@code h}'s momentum is shared across the
 *     sub-steps and an encoder is neither decayed nor moved by another modality's step (torch skips parameters whose
 *     gradient is {@code None}).</li>
 * <li>Gradient projection ({@code projection=owm}, skipped at the very first update of the run): with batch index
 *     {@code b} of {@code n_b}, {@code α = 0.1^{b/n_b + 1}}, {@code r} the batch mean of the head's input features of
 *     the current modality, {@code k = P rᵀ}, {@code P ← P − k kᵀ/(α + r k)}, {@code P ← P/‖P‖_F},
 *     {@code ∇W ← ∇W Pᵀ} (bias untouched); {@code P} starts at {@code I}. The released {@code GSPlugin} never runs
 *     (it looks for a parameter named {@code module.weight} in a bare Linear), so {@code projection=off} (the
 *     default) reproduces the released numbers: plain alternating training with a shared head.</li>
 * </ol>
 * Test time ({@link #prediction}), with {@code o_m = h(e_m)}: {@code fusion=dynamic}: {@code H_m = −Σ_c p_c log p_c},
 * {@code w_m = softmax_m(max H − H_m)}, {@code o = Σ_m w_m o_m} (weights on logits), per sample
 * ({@code entropy-scope=sample}, the paper) or once per evaluation batch as the code does
 * ({@code batch}: softmax over the batch dimension, entropy summed over the whole {@code B×K} array);
 * {@code fusion=fixed}: {@code o = Σ_m a_m o_m} with {@code a} = 0.55/0.45 (two modalities), 0.35/0.25/0.40
 * (three), else uniform, or {@code fixed-weights}.
 *
 * <p>{@code P} updated with the current modality's mean feature just before projecting that modality's own gradient
 * and renormalised to unit Frobenius norm follow the code (classic OWM accumulates the inputs of previous tasks and
 * does not renormalise). BalanceBenchmark's fix {@code ∇W + ∇W Pᵀ} is a third behaviour, not followed.
 *
 * <p>Sources: X. Zhang, J. Yoon, M. Bansal, H. Yao, "Multimodal Representation Learning by Alternating Unimodal
 * Adaptation", CVPR 2024; official code {@code Cecile-hi/Multimodal-Learning-with-Alternating-Unimodal-Adaptation}
 * ({@code main.py}, {@code utils/utils.py} class {@code GSPlugin}, {@code models/basic_model.py},
 * {@code models/fusion_modules.py}, commit ab6c184); spec {@code baselines.md} §A6.
 */
public final class Mla implements TrainingMethod {

    /** Stable id. */
    public static final String ID = "mla";

    private final boolean owm;
    private final boolean dynamic;
    private final boolean sampleScope;
    private final String fixedWeightsText;
    private ModelProbe probe;
    private MultimodalNetwork network;
    private int modalities;
    private double[] fixedWeights;
    private List<ParameterUpdater> encoderUpdaters;
    private ParameterUpdater headUpdater;
    private Parameter headWeight;
    /** Projector {@code P} (d×d), row-major. */
    private double[][] projector;
    private long updates;
    private double[] batchMeanFeature;

    public Mla(MethodOptions o) {
        this.owm = o.getString("projection").equals("owm");
        this.dynamic = o.getString("fusion").equals("dynamic");
        this.sampleScope = o.getString("entropy-scope").equals("sample");
        this.fixedWeightsText = o.getString("fixed-weights");
        if (!fixedWeightsText.equals("auto")) {
            Numerics.parsePositiveList(ID, "fixed-weights", fixedWeightsText);
        }
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.GRADIENT,
                "MLA (Zhang et al., CVPR 2024): one shared head, one optimiser step per modality per batch, entropy-weighted test-time fusion",
                List.of("configureModel", "lossWeights", "onModelReady", "subSteps", "loss", "afterBackward", "optimizerStep", "prediction",
                        "saveState", "restoreState"),
                List.of(
                        HyperParameter.ofChoice("projection", "off", List.of("off", "owm"),
                                "head-gradient projection: off = as released (GSPlugin never fires), owm = as described"),
                        HyperParameter.ofChoice("fusion", "dynamic", List.of("dynamic", "fixed"),
                                "test-time fusion of the shared head's logits: entropy-weighted (paper) or fixed weights"),
                        HyperParameter.ofChoice("entropy-scope", "sample", List.of("sample", "batch"),
                                "dynamic weights per sample (paper) or per evaluation batch (code's calculate_entropy)"),
                        HyperParameter.ofString("fixed-weights", "auto",
                                "comma list, one weight per modality, for fusion=fixed; auto = 0.55,0.45 (2) / 0.35,0.25,0.40 (3) / uniform")),
                Map.of(), Mla::new);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelConfig configureModel(ModelConfig config) {
        return config.toBuilder().optUnimodalHeads(UnimodalHeads.SHARED_LINEAR).build();
    }

    /** Evaluation loss: the sum of the unimodal (shared-head) cross-entropies, MLA's objective. */
    @Override
    public LossWeights lossWeights() {
        return new LossWeights(0, 1);
    }

    @Override
    public void onModelReady(TrainingContext context) {
        probe = new ModelProbe(context);
        network = context.network();
        modalities = probe.modalityCount();
        if (network.unimodalHeads() != UnimodalHeads.SHARED_LINEAR) {
            throw new IllegalArgumentException("method mla: needs the shared linear head; another part of the composition changed the model");
        }
        fixedWeights = fixedWeightsText.equals("auto") ? defaultFixedWeights(modalities)
                : Numerics.parsePositiveList(ID, "fixed-weights", fixedWeightsText);
        if (fixedWeights.length != modalities) {
            throw new IllegalArgumentException("method mla: option 'fixed-weights' has " + fixedWeights.length + " values, the data has "
                    + modalities + " modalities");
        }
        encoderUpdaters = new ArrayList<>();
        for (int m = 0; m < modalities; m++) {
            List<Parameter> group = new ArrayList<>(probe.encoderTrainable(m));
            group.addAll(network.projectionParameters(m));
            encoderUpdaters.add(probe.newUpdater(group));
        }
        List<Parameter> head = network.sharedHeadParameters();
        headUpdater = probe.newUpdater(head);
        for (Parameter p : head) {
            if (p.getType() == Parameter.Type.WEIGHT) {
                headWeight = p;
            }
        }
        int d = (int) headWeight.getArray().getShape().get(1);
        if (projector == null) {
            projector = identity(d);
        }
    }

    /** 0.55/0.45 for two modalities, 0.35/0.25/0.40 for three ([ML] {@code main}), else uniform. */
    public static double[] defaultFixedWeights(int modalities) {
        if (modalities == 2) {
            return new double[] {0.55, 0.45};
        }
        if (modalities == 3) {
            return new double[] {0.35, 0.25, 0.40};
        }
        double[] w = new double[modalities];
        java.util.Arrays.fill(w, 1.0 / modalities);
        return w;
    }

    @Override
    public int subSteps(BatchContext batch) {
        return modalities;
    }

    @Override
    public NDArray loss(BatchContext batch, NDArray defaultLoss) {
        int m = batch.subStep();
        NDArray features = network.headInput(batch.parameterStore(), m, batch.outputs().embedding(m), true);
        NDArray logits = network.head(m).forward(batch.parameterStore(), new NDList(features), true).singletonOrThrow();
        if (owm) {
            float[] mean = features.stopGradient().mean(new int[] {0}).toFloatArray();
            batchMeanFeature = new double[mean.length];
            for (int j = 0; j < mean.length; j++) {
                batchMeanFeature[j] = mean[j];
            }
        }
        return Objectives.crossEntropy(logits, batch.oneHotLabels()).mean();
    }

    @Override
    public void afterBackward(BatchContext batch) {
        if (!owm || updates == 0) {
            return;
        }
        double alpha = projectionAlpha(batch.batchIndex(), batch.batchCount());
        updateProjector(projector, batchMeanFeature, alpha);
        NDArray g = batch.gradient(headWeight);
        int d = projector.length;
        float[] flat = new float[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = (float) projector[j][i]; // Pᵀ
            }
        }
        NDArray projected = g.matMul(batch.manager().create(flat, new Shape(d, d)));
        Scalars.timesInPlace(g, 0f).addi(projected);
    }

    @Override
    public void optimizerStep(BatchContext batch, double learningRate) {
        encoderUpdaters.get(batch.subStep()).step(learningRate);
        headUpdater.step(learningRate);
        updates++;
    }

    @Override
    public NDArray prediction(ModelOutputs outputs) {
        int modalities = outputs.modalityCount();
        double[] fixedWeights = this.fixedWeights != null ? this.fixedWeights
                : fixedWeightsText.equals("auto") ? defaultFixedWeights(modalities) : Numerics.parsePositiveList(ID, "fixed-weights", fixedWeightsText);
        NDList logits = new NDList(modalities);
        for (int m = 0; m < modalities; m++) {
            logits.add(outputs.unimodal(m));
        }
        NDArray stacked = NDArrays.stack(logits, 0); // {M, B, K}
        NDArray weights;
        if (!dynamic) {
            float[] w = new float[modalities];
            for (int m = 0; m < modalities; m++) {
                w[m] = (float) fixedWeights[m];
            }
            weights = outputs.fused().getManager().create(w, new Shape(modalities, 1, 1));
        } else if (sampleScope) {
            NDArray logP = stacked.logSoftmax(2);
            NDArray entropy = logP.exp().mul(logP).sum(new int[] {2}).neg(); // {M, B}
            weights = entropy.max(new int[] {0}, true).sub(entropy).softmax(0).expandDims(2);
        } else {
            NDArray logP = stacked.logSoftmax(1); // softmax over the batch, as calculate_entropy's dim 0
            NDArray entropy = logP.exp().mul(logP).sum(new int[] {1, 2}).neg(); // {M}
            weights = entropy.max().sub(entropy).softmax(0).reshape(modalities, 1, 1);
        }
        return stacked.mul(weights).sum(new int[] {0});
    }

    /** {@code α = 0.1^{b/n_b + 1}} for batch {@code b} (from 0) of {@code n_b}. */
    public static double projectionAlpha(int batchIndex, int batchCount) {
        return Math.pow(0.1, (double) batchIndex / batchCount + 1);
    }

    /**
     * One OWM projector update in place: {@code k = P rᵀ}, {@code P ← P − k kᵀ/(α + r k)}, then {@code P ← P/‖P‖_F}.
     *
     * @param p {@code d×d}, row-major
     * @param r the batch-mean feature, length {@code d}
     */
    public static void updateProjector(double[][] p, double[] r, double alpha) {
        int d = p.length;
        double[] k = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                k[i] += p[i][j] * r[j];
            }
        }
        double denominator = alpha;
        for (int j = 0; j < d; j++) {
            denominator += r[j] * k[j];
        }
        double norm = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                p[i][j] -= k[i] * k[j] / denominator;
                norm += p[i][j] * p[i][j];
            }
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                p[i][j] /= norm;
            }
        }
    }

    /** {@code G Pᵀ} for a head gradient {@code G} ({@code K×d}). */
    public static double[][] project(double[][] g, double[][] p) {
        double[][] out = new double[g.length][p.length];
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < p.length; j++) {
                double s = 0;
                for (int l = 0; l < p.length; l++) {
                    s += g[i][l] * p[j][l];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    /**
     * Per-sample entropy weights {@code w_m = softmax_m(max H − H_m)} of the logits {@code o_m} of one sample.
     *
     * @param logits {@code o_m} per modality
     */
    public static double[] entropyWeights(float[][] logits) {
        int n = logits.length;
        double[] h = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < n; m++) {
            double[] p = Numerics.softmax(logits[m]);
            for (double v : p) {
                h[m] -= v > 0 ? v * Math.log(v) : 0;
            }
            max = Math.max(max, h[m]);
        }
        float[] shifted = new float[n];
        for (int m = 0; m < n; m++) {
            shifted[m] = (float) (max - h[m]);
        }
        return Numerics.softmax(shifted);
    }

    /** The projector {@code P} (a copy; identity before any update). */
    public double[][] projector() {
        double[][] c = new double[projector.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = projector[i].clone();
        }
        return c;
    }

    /** Optimiser updates so far ({@code exp_count}). */
    public long updates() {
        return updates;
    }

    static double[][] identity(int d) {
        double[][] p = new double[d][d];
        for (int i = 0; i < d; i++) {
            p[i][i] = 1;
        }
        return p;
    }

    @Override
    public byte[] saveState() {
        return StateBytes.write(out -> {
            out.writeLong(updates);
            out.writeInt(projector == null ? 0 : projector.length);
            if (projector != null) {
                for (double[] row : projector) {
                    for (double v : row) {
                        out.writeDouble(v);
                    }
                }
            }
            List<ParameterUpdater> all = optimisers();
            out.writeInt(all.size());
            for (ParameterUpdater u : all) {
                StateBytes.writeBlock(out, u.saveState());
            }
        });
    }

    @Override
    public void restoreState(byte[] state) {
        StateBytes.read(state, ID, in -> {
            updates = in.readLong();
            int d = in.readInt();
            projector = d == 0 ? null : new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    projector[i][j] = in.readDouble();
                }
            }
            List<ParameterUpdater> all = optimisers();
            int count = in.readInt();
            if (count != all.size()) {
                throw new IOException("mla state has " + count + " optimisers, the model needs " + all.size());
            }
            for (ParameterUpdater u : all) {
                u.restoreState(StateBytes.readBlock(in));
            }
        });
    }

    /** The per-encoder optimisers, then the shared head's (empty before {@link #onModelReady}). */
    private List<ParameterUpdater> optimisers() {
        List<ParameterUpdater> all = new ArrayList<>(encoderUpdaters == null ? List.of() : encoderUpdaters);
        if (headUpdater != null) {
            all.add(headUpdater);
        }
        return all;
    }
}
