package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.methods.HyperParameter;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodFamily;
import dev.bss.methods.MethodOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PMR: Prototypical Modal Rebalance. Per-class prototypes in each modality's embedding space give a non-parametric
 * unimodal classifier; a prototypical cross-entropy (PCE) term is added for the slower modality.
 *
 * <ol>
 * <li>Prototypes (start of every epoch = official "before epoch 0 and after every epoch"): in eval mode, the mean
 *     embedding per class over a seeded random {@code prototype-fraction} of the training set (the official code
 *     takes the first ⌊n_b/10⌋ shuffled batches; we take at least one batch):
 *     {@code c^m_k = mean{e_{m,i} : y_i = k}}; then {@code c ← (1−μ) c_new + μ c_old} (no EMA the first time).
 *     A class absent from the sample keeps its old prototype (0 the first time).</li>
 * <li>Per step: {@code δ_{m,i,k} = −‖e_{m,i} − c^m_k‖₂}, {@code s^p_m = Σ_i softmax_k(δ_{m,i})_{y_i}}.</li>
 * <li>Coefficients (official, two modalities): {@code ρ = s^p_a/s^p_v}; {@code ρ > 1}: PCE on {@code v} with weight
 *     {@code α}; {@code ρ < 1}: PCE on {@code a}; tie: none. Generalised: weight {@code α} on every modality with
 *     {@code s^p_m} strictly below the maximum.</li>
 * <li>Inside the window: {@code L = L_default + Σ_m coef_m · PCE_m},
 *     {@code PCE_m = mean_i CE(δ_{m,i}, y_i)} (gradient flows into encoder {@code m} through {@code e_m}).</li>
 * <li>Prototype entropy regularisation (the paper; absent from the released code, so {@code entropy-weight} defaults
 *     to 0): for epochs {@code ≤ entropy-epochs}, {@code L += w · mean_i Σ_k p log p} with
 *     {@code p = softmax(δ_dom)} of the dominant modality (largest {@code s^p}), i.e. its entropy is maximised.</li>
 * </ol>
 * The distance uses {@code sqrt(Σ(e−c)² + 1e-12)} in the autograd path so its gradient is finite at 0.
 *
 * <p>Sources: Y. Fan, W. Xu, H. Wang, J. Wang, S. Guo, "PMR: Prototypical Modal Rebalance for Multimodal Learning",
 * CVPR 2023; official code {@code fanyunfeng-bit/Modal-Imbalance-PMR} ({@code main_Prototype_grad.py},
 * {@code bash.sh}, commit 3615e48); spec {@code baselines.md} §B3.
 */
public final class Pmr implements TrainingMethod {

    /** Stable id. */
    public static final String ID = "pmr";

    private final double alpha;
    private final double momentum;
    private final int start;
    private final int end;
    private final double fraction;
    private final double entropyWeight;
    private final int entropyEpochs;
    private final boolean faithful;
    private ModelProbe probe;
    private float[][][] prototypes;
    private double[] lastCoefficients;

    public Pmr(MethodOptions o) {
        this.alpha = o.getDouble("alpha");
        this.momentum = o.getDouble("momentum");
        this.start = o.getInt("modulation-start");
        this.end = o.getInt("modulation-end");
        if (start > end) {
            throw new IllegalArgumentException("method pmr: modulation-start " + start + " is after modulation-end " + end);
        }
        this.fraction = o.getDouble("prototype-fraction");
        this.entropyWeight = o.getDouble("entropy-weight");
        this.entropyEpochs = o.getInt("entropy-epochs");
        this.faithful = o.getString("loss-mode").equals("faithful");
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.GRADIENT,
                "PMR (Fan et al., CVPR 2023): per-class prototypes; prototypical CE accelerates the slower modality",
                List.of("lossWeights", "onModelReady", "onEpochStart", "loss", "saveState", "restoreState"),
                List.of(
                        HyperParameter.ofDouble("alpha", 5.0, 0.0, 100.0, "PCE weight for the slower modality (official CREMA-D: 5 sum fusion, 3 FiLM)"),
                        HyperParameter.ofDouble("momentum", 0.0, 0.0, 1.0, "prototype EMA mu: c = (1-mu) c_new + mu c_old (official script 0, argparse 0.2)"),
                        HyperParameter.ofInt("modulation-start", 1, 1, null, "first epoch with the PCE term, from 1"),
                        HyperParameter.ofInt("modulation-end", 101, 1, null, "last epoch with the PCE term, inclusive (official 0-based 100 = 101 here)"),
                        HyperParameter.ofDouble("prototype-fraction", 0.1, 1e-6, 1.0, "fraction of the training set used for prototypes (official: 10% of the batches)"),
                        HyperParameter.ofDouble("entropy-weight", 0.0, 0.0, 100.0, "weight of the dominant modality's prototype-entropy regulariser (paper; 0 = official code)"),
                        HyperParameter.ofInt("entropy-epochs", 10, 0, null, "the regulariser applies for epochs <= this"),
                        HyperParameter.ofChoice("loss-mode", "faithful", List.of("faithful", "loop"),
                                "faithful: fused CE only (official); loop: fused + unimodal CEs")),
                Map.of(), Pmr::new);
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
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        if (!Numerics.inWindow(epoch, start, end) && !(entropyWeight > 0 && epoch <= entropyEpochs)) {
            return; // prototypes are used by no term this epoch
        }
        int n = context.trainSet().size();
        int batch = context.config().batchSize();
        int batches = Math.max(1, (int) Math.floor(Math.ceil((double) n / batch) * fraction));
        int count = Math.min(n, batches * batch);
        int[] order = ModelProbe.all(n);
        SplittableRandom random = new SplittableRandom(context.seed() * 0x9E3779B97F4A7C15L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(order, count);
        ModelProbe.Pass pass = probe.evaluate(context.trainSet(), chosen, context.config().evaluationBatchSize());
        int modalities = probe.modalityCount();
        float[][][] next = new float[modalities][][];
        for (int m = 0; m < modalities; m++) {
            next[m] = prototypes(pass.embeddings()[m], pass.labels(), context.numClasses(),
                    prototypes == null ? null : prototypes[m], prototypes == null ? 0 : momentum);
        }
        prototypes = next;
    }

    @Override
    public NDArray loss(BatchContext batch, NDArray defaultLoss) {
        int epoch = batch.epoch();
        boolean pce = Numerics.inWindow(epoch, start, end);
        boolean entropy = entropyWeight > 0 && epoch <= entropyEpochs;
        if (prototypes == null || (!pce && !entropy)) {
            return defaultLoss;
        }
        int modalities = probe.modalityCount();
        int[] labels = batch.labels();
        NDManager manager = batch.manager();
        NDArray[] delta = new NDArray[modalities];
        double[] scores = new double[modalities];
        for (int m = 0; m < modalities; m++) {
            float[][] c = prototypes[m];
            float[] flat = new float[c.length * c[0].length];
            for (int k = 0; k < c.length; k++) {
                System.arraycopy(c[k], 0, flat, k * c[0].length, c[0].length);
            }
            NDArray centres = manager.create(flat, new Shape(c.length, c[0].length));
            NDArray e = batch.outputs().embedding(m);
            delta[m] = e.expandDims(1).sub(centres.expandDims(0)).square().sum(new int[] {2}).add(1e-12f).sqrt().neg();
            scores[m] = Numerics.trueClassProbabilitySum(Numerics.toMatrix(delta[m]), labels);
        }
        NDArray loss = defaultLoss;
        if (pce) {
            double[] coef = coefficients(scores, alpha);
            lastCoefficients = coef;
            for (int m = 0; m < modalities; m++) {
                if (coef[m] > 0) {
                    NDArray ce = delta[m].logSoftmax(1).mul(batch.oneHotLabels()).sum(new int[] {1}).neg().mean();
                    loss = loss.add(Scalars.times(ce, (float) coef[m]));
                }
            }
        }
        if (entropy) {
            int dominant = 0;
            for (int m = 1; m < modalities; m++) {
                if (scores[m] > scores[dominant]) {
                    dominant = m;
                }
            }
            NDArray logP = delta[dominant].logSoftmax(1);
            NDArray negativeEntropy = logP.exp().mul(logP).sum(new int[] {1}).mean();
            loss = loss.add(Scalars.times(negativeEntropy, (float) entropyWeight));
        }
        return loss;
    }

    /** PCE coefficients of the last batch (diagnostics), or {@code null}. */
    public double[] lastCoefficients() {
        return lastCoefficients == null ? null : lastCoefficients.clone();
    }

    /** Current prototypes {@code [M][K][D]} (a deep copy), or {@code null} before the first epoch. */
    public float[][][] prototypes() {
        if (prototypes == null) {
            return null;
        }
        float[][][] copy = new float[prototypes.length][][];
        for (int m = 0; m < copy.length; m++) {
            copy[m] = new float[prototypes[m].length][];
            for (int k = 0; k < copy[m].length; k++) {
                copy[m][k] = prototypes[m][k].clone();
            }
        }
        return copy;
    }

    /**
     * New prototypes: per-class mean embedding, then EMA {@code (1−μ) c_new + μ c_old} when {@code old} is given.
     * A class with no sample keeps {@code old[k]} (zeros without {@code old}).
     *
     * @param embeddings {@code N × D}
     * @param labels {@code N} labels in {@code [0, K)}
     * @param old previous prototypes {@code K × D}, or {@code null}
     */
    public static float[][] prototypes(float[][] embeddings, int[] labels, int classes, float[][] old, double momentum) {
        int d = embeddings.length == 0 ? (old == null ? 0 : old[0].length) : embeddings[0].length;
        double[][] sum = new double[classes][d];
        int[] count = new int[classes];
        for (int i = 0; i < embeddings.length; i++) {
            count[labels[i]]++;
            for (int j = 0; j < d; j++) {
                sum[labels[i]][j] += embeddings[i][j];
            }
        }
        float[][] out = new float[classes][d];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < d; j++) {
                if (count[k] == 0) {
                    out[k][j] = old == null ? 0f : old[k][j];
                } else {
                    double fresh = sum[k][j] / count[k];
                    out[k][j] = (float) (old == null ? fresh : (1 - momentum) * fresh + momentum * old[k][j]);
                }
            }
        }
        return out;
    }

    /** {@code δ_{i,k} = −‖e_i − c_k‖₂}, {@code N × K}. */
    public static float[][] distanceLogits(float[][] embeddings, float[][] prototypes) {
        float[][] out = new float[embeddings.length][prototypes.length];
        for (int i = 0; i < embeddings.length; i++) {
            for (int k = 0; k < prototypes.length; k++) {
                double s = 0;
                for (int j = 0; j < prototypes[k].length; j++) {
                    double diff = embeddings[i][j] - prototypes[k][j];
                    s += diff * diff;
                }
                out[i][k] = (float) -Math.sqrt(s);
            }
        }
        return out;
    }

    /** PCE coefficient per modality: {@code α} if {@code s^p_m} is strictly below the maximum, else 0. */
    public static double[] coefficients(double[] scores, double alpha) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] c = new double[scores.length];
        for (int m = 0; m < scores.length; m++) {
            c[m] = scores[m] < max ? alpha : 0;
        }
        return c;
    }

    @Override
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(prototypes == null ? 0 : prototypes.length);
            if (prototypes != null) {
                for (float[][] p : prototypes) {
                    out.writeInt(p.length);
                    out.writeInt(p[0].length);
                    for (float[] row : p) {
                        for (float v : row) {
                            out.writeFloat(v);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void restoreState(byte[] state) {
        if (state == null || state.length == 0) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int modalities = in.readInt();
            if (modalities == 0) {
                prototypes = null;
                return;
            }
            float[][][] p = new float[modalities][][];
            for (int m = 0; m < modalities; m++) {
                p[m] = new float[in.readInt()][in.readInt()];
                for (float[] row : p[m]) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = in.readFloat();
                    }
                }
            }
            prototypes = p;
        } catch (IOException e) {
            throw new UncheckedIOException("pmr: unreadable method state", e);
        }
    }
}
