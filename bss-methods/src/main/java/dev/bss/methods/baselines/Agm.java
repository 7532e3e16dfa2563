package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import ai.djl.nn.Parameter;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.OptimizerSettings;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * AGM: Adaptive Gradient Modulation. Each modality's mono-modal response is split from the fused output with
 * zero-input forwards; each encoder's gradient is scaled so that the modality's relative strength stays near its
 * running average.
 *
 * <p>Per step (official {@code run/CREMAD_main.py}, {@code model/CREMAD_net.py}):
 * <ol>
 * <li>Fused outputs {@code f(S)} with the raw inputs of the modalities outside {@code S} replaced by zeros, in eval
 *     mode (BN statistics frozen), without gradient; {@code f(all)} is the training forward.</li>
 * <li>Shapley responses {@code m_i = Σ_{S ⊆ M∖{i}} |S|!(M−|S|−1)!/M! · (f(S ∪ {i}) − f(S))} with {@code f(∅) := 0}
 *     (the official code computes {@code f(0,0)} but does not use it), so {@code Σ_i m_i = f(all)}. For two
 *     modalities: {@code m_a = ½(f_av − f_0v + f_a0)}.</li>
 * <li>{@code S_m = (1/B) Σ_i −log max(softmax(m_{m,i})_{y_i}, 1e-8)}.</li>
 * <li>{@code r_m = exp(M/(M−1) · (S̄ − S_m))}, {@code r̂_m} the same with the running averages {@code T_m};
 *     {@code k_m = exp(α · min(r̂_m − r_m, cap))} (cap 10; the official three-modality script uses 7).</li>
 * <li>After computing {@code k}: {@code T_m ← T_m (t−1)/t + S_m/t}, {@code t} the global modulated-step counter
 *     from 1; {@code T} starts at 0 and carries across epochs.</li>
 * <li>Encoder {@code m}'s gradients are multiplied by {@code k_m} (as BalanceBenchmark; the official backward hooks
 *     on {@code m_a, m_v} differ only by the zero-input branches' gradient terms, which we do not keep).</li>
 * <li>The fused head's gradient is split as the official hooks split it ({@code fused-head=scaled}, concat fusion):
 *     the hooks multiply {@code ∂L/∂m_i} by {@code k_i}, and in {@code m_i} the block {@code W_f[:, cols(m)]} acts on
 *     the real embedding {@code e_m} with coefficient {@code [i = m]} and the bias with coefficient {@code 1/M}
 *     (it only enters through {@code f({i}) − f(∅)}, Shapley weight {@code 1/M}). So
 *     {@code ∂L/∂W_f[:, cols(m)] ← k_m · ∂L/∂W_f[:, cols(m)]} and {@code ∂L/∂b_f ← mean_m(k_m) · ∂L/∂b_f}, up to
 *     the terms of the zero-input embeddings {@code e_m(0)} we do not keep. For M = 2:
 *     {@code m_a = ½(f_av − f_0v + f_a0) = W_a e_a − ½ W_a e_a(0) + ½ W_v e_v(0) + ½ b}. Other fusions keep an
 *     unscaled head; {@code fused-head=unscaled} keeps it unscaled always (the behaviour before).</li>
 * <li>If any entry of a fusion weight gradient lies outside {@code [−threshold, threshold]}, the global gradient
 *     norm is clipped to {@code clip-norm} ({@code torch.nn.utils.clip_grad_norm_}, factor
 *     {@code norm/(‖g‖+1e-6)}).</li>
 * </ol>
 * Outside the window nothing is modulated and {@code T} is not updated (the official hooks keep multiplying by the
 * last coefficients; we reset to 1 deliberately). The sign follows the official code, not BalanceBenchmark's
 * flipped one. Statistics come from the training batch.
 *
 * <p>Sources: H. Li, X. Li, P. Hu, Y. Lei, C. Li, Y. Zhou, "Boosting Multi-modal Model Performance with Adaptive
 * Gradient Modulation", ICCV 2023; official code {@code lihong2303/AGM_ICCV2023} (read from the copy
 * {@code Lingy12/AGM_ICCV2023}, commit a24f2ce); spec {@code baselines.md} §B2.
 */
public final class Agm implements TrainingMethod {

    private static final System.Logger LOG = System.getLogger(Agm.class.getName());

    /** Stable id. */
    public static final String ID = "agm";

    private final double alpha;
    private final double cap;
    private final int start;
    private final int end;
    private final boolean clip;
    private final double clipThreshold;
    private final double clipNorm;
    private final boolean faithful;
    private final boolean scaleFusedHead;
    private ModelProbe probe;
    private Parameter[] concatHead;
    private double[] averages;
    private long steps;
    private double[] lastCoefficients;

    public Agm(MethodOptions o) {
        this.alpha = o.getDouble("alpha");
        this.cap = o.getDouble("cap");
        this.start = o.getInt("modulation-start");
        this.end = o.getInt("modulation-end");
        if (start > end) {
            throw new IllegalArgumentException("method agm: modulation-start " + start + " is after modulation-end " + end);
        }
        this.clip = o.getBoolean("clip");
        this.clipThreshold = o.getDouble("clip-threshold");
        this.clipNorm = o.getDouble("clip-norm");
        this.faithful = o.getString("loss-mode").equals("faithful");
        this.scaleFusedHead = o.getString("fused-head").equals("scaled");
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.GRADIENT,
                "AGM (Li et al., ICCV 2023): scale each modality's encoder and fused-head gradients by exp(alpha*(target - current relative strength)) from zero-input Shapley responses",
                List.of("lossWeights", "onModelReady", "afterBackward", "saveState", "restoreState"),
                List.of(
                        HyperParameter.ofDouble("alpha", 1.0, 0.0, 100.0, "modulation strength (official argparse default 1.0; README AV-MNIST 2.5)"),
                        HyperParameter.ofDouble("cap", 10.0, 0.0, 100.0, "cap of r_hat - r inside exp (official: 10 for 2 modalities, 7 for 3)"),
                        HyperParameter.ofInt("modulation-start", 1, 1, null, "first modulated epoch, from 1 (the official scripts count from 1)"),
                        HyperParameter.ofInt("modulation-end", 1_000_000, 1, null, "last modulated epoch, inclusive"),
                        HyperParameter.ofBoolean("clip", true, "clip the global gradient norm when a fusion weight gradient is large"),
                        HyperParameter.ofDouble("clip-threshold", 1.0, 0.0, null, "clip when any fusion weight gradient entry is outside +-threshold (BalanceBenchmark: 5)"),
                        HyperParameter.ofDouble("clip-norm", 1.0, 0.0, null, "max global gradient norm after clipping (BalanceBenchmark: 5)"),
                        HyperParameter.ofChoice("loss-mode", "faithful", List.of("faithful", "loop"),
                                "faithful: fused CE only (official); loop: fused + unimodal CEs"),
                        HyperParameter.ofChoice("fused-head", "scaled", List.of("scaled", "unscaled"),
                                "scaled: the concat head's block of modality m times k_m, its bias times mean(k), as the official hooks; unscaled: encoders only")),
                Map.of(), Agm::new);
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
        concatHead = scaleFusedHead ? probe.concatHead() : null;
        if (scaleFusedHead && concatHead == null) {
            LOG.log(System.Logger.Level.WARNING, "agm: the fused head is not a concat linear layer; its gradient is left unscaled");
        }
        if (averages == null) {
            averages = new double[probe.modalityCount()];
        }
        if (context.updater().settings().kind() == OptimizerSettings.Kind.ADAM) {
            LOG.log(System.Logger.Level.WARNING, "agm with Adam: gradient scaling is almost cancelled by Adam's normalisation");
        }
    }

    @Override
    public void afterBackward(BatchContext batch) {
        if (!Numerics.inWindow(batch.epoch(), start, end)) {
            return;
        }
        int modalities = probe.modalityCount();
        int full = (1 << modalities) - 1;
        float[][][] coalitions = new float[full + 1][][];
        coalitions[full] = Numerics.toMatrix(batch.outputs().fused());
        ai.djl.ndarray.NDList inputs = probe.batchInputs(batch);
        for (int mask = 1; mask < full; mask++) {
            boolean[] keep = new boolean[modalities];
            for (int m = 0; m < modalities; m++) {
                keep[m] = (mask & (1 << m)) != 0;
            }
            coalitions[mask] = probe.fusedWithInputs(inputs, keep);
        }
        float[][][] responses = monoModalResponses(coalitions, modalities);
        int[] labels = batch.labels();
        double[] scores = new double[modalities];
        for (int m = 0; m < modalities; m++) {
            scores[m] = Numerics.meanCrossEntropy(responses[m], labels, 1e-8);
        }
        double[] k = coefficients(scores, averages, alpha, cap);
        steps++;
        updateAverages(averages, scores, steps);
        lastCoefficients = k;
        for (int m = 0; m < modalities; m++) {
            if (k[m] == 1.0) {
                continue;
            }
            for (Parameter p : probe.encoderTrainable(m)) {
                Scalars.timesInPlace(batch.gradient(p), (float) k[m]);
            }
        }
        if (concatHead != null) {
            scaleConcatHead(batch.gradient(concatHead[0]), concatHead[1] == null ? null : batch.gradient(concatHead[1]),
                    probe.context().network().embeddingSizes(), k);
        }
        if (clip) {
            clipIfNeeded(batch);
        }
    }

    private void clipIfNeeded(BatchContext batch) {
        boolean large = false;
        for (Parameter p : probe.context().network().fusionParameters()) {
            if (p.requiresGradient() && p.getType() == Parameter.Type.WEIGHT) {
                NDArray g = batch.gradient(p);
                if (g.abs().max().getFloat() > clipThreshold) {
                    large = true;
                    break;
                }
            }
        }
        if (!large) {
            return;
        }
        List<Parameter> all = probe.trainableParameters();
        double norm = ModelProbe.globalGradientNorm(batch, all);
        double factor = clipNorm / (norm + 1e-6);
        if (factor < 1) {
            for (Parameter p : all) {
                Scalars.timesInPlace(batch.gradient(p), (float) factor);
            }
        }
    }

    /**
     * In place: column block {@code m} of the concat head's weight gradient ({@code K × Σ D}) times {@code k_m}, the bias
     * gradient times {@code mean(k)} (see the class comment for why). One broadcast multiply each.
     *
     * @param weightGradient {@code ∂L/∂W_f}, columns in modality order
     * @param biasGradient {@code ∂L/∂b_f}, or {@code null} for a head without bias
     * @param sizes embedding size {@code D_m} of each modality
     */
    public static void scaleConcatHead(NDArray weightGradient, NDArray biasGradient, int[] sizes, double[] k) {
        int total = 0;
        for (int d : sizes) {
            total += d;
        }
        float[] columns = new float[total];
        double mean = 0;
        int at = 0;
        for (int m = 0; m < sizes.length; m++) {
            Arrays.fill(columns, at, at + sizes[m], (float) k[m]);
            at += sizes[m];
            mean += k[m] / sizes.length;
        }
        try (NDArray multiplier = weightGradient.getManager().create(columns)) {
            weightGradient.muli(multiplier);
        }
        if (biasGradient != null) {
            Scalars.timesInPlace(biasGradient, (float) mean);
        }
    }

    /** Coefficients of the last modulated batch (diagnostics), or {@code null}. */
    public double[] lastCoefficients() {
        return lastCoefficients == null ? null : lastCoefficients.clone();
    }

    /** Running averages {@code T_m} (a copy). */
    public double[] runningAverages() {
        return averages == null ? null : averages.clone();
    }

    /**
     * Shapley mono-modal responses with {@code f(∅) = 0}.
     *
     * @param coalitions fused outputs {@code B × K} indexed by coalition bit mask (bit {@code m} = modality
     *     {@code m} present); index 0 is ignored, index {@code 2^M − 1} is the full forward
     * @return {@code [M][B][K]}
     */
    public static float[][][] monoModalResponses(float[][][] coalitions, int modalities) {
        int full = (1 << modalities) - 1;
        int rows = coalitions[full].length;
        int classes = coalitions[full][0].length;
        double[] factorial = new double[modalities + 1];
        factorial[0] = 1;
        for (int i = 1; i <= modalities; i++) {
            factorial[i] = factorial[i - 1] * i;
        }
        float[][][] out = new float[modalities][rows][classes];
        for (int i = 0; i < modalities; i++) {
            int bit = 1 << i;
            for (int s = 0; s <= full; s++) {
                if ((s & bit) != 0) {
                    continue;
                }
                int size = Integer.bitCount(s);
                double w = factorial[size] * factorial[modalities - size - 1] / factorial[modalities];
                float[][] with = coalitions[s | bit];
                float[][] without = s == 0 ? null : coalitions[s];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < classes; c++) {
                        out[i][r][c] += (float) (w * (with[r][c] - (without == null ? 0 : without[r][c])));
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code k_m = exp(α · min(r̂_m − r_m, cap))} with {@code r_m = exp(M/(M−1) · (S̄ − S_m))} and {@code r̂_m}
     * from the running averages.
     */
    public static double[] coefficients(double[] scores, double[] averages, double alpha, double cap) {
        int n = scores.length;
        double meanS = 0;
        double meanT = 0;
        for (int m = 0; m < n; m++) {
            meanS += scores[m] / n;
            meanT += averages[m] / n;
        }
        double factor = (double) n / (n - 1);
        double[] k = new double[n];
        for (int m = 0; m < n; m++) {
            double r = Math.exp(factor * (meanS - scores[m]));
            double target = Math.exp(factor * (meanT - averages[m]));
            k[m] = Math.exp(alpha * Math.min(target - r, cap));
        }
        return k;
    }

    /** In place: {@code T_m ← T_m (t−1)/t + S_m/t} ({@code t ≥ 1}). */
    public static void updateAverages(double[] averages, double[] scores, long t) {
        for (int m = 0; m < averages.length; m++) {
            averages[m] = averages[m] * (t - 1) / t + scores[m] / t;
        }
    }

    @Override
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(steps);
            double[] a = averages == null ? new double[0] : averages;
            out.writeInt(a.length);
            for (double v : a) {
                out.writeDouble(v);
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
            steps = in.readLong();
            double[] a = new double[in.readInt()];
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readDouble();
            }
            averages = a;
        } catch (IOException e) {
            throw new UncheckedIOException("agm: unreadable method state", e);
        }
    }

}
