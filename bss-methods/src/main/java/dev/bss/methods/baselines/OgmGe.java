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
import java.util.List;
import java.util.Map;

/**
 * OGM-GE: On-the-fly Gradient Modulation with Generalisation Enhancement. After back-propagation and before the
 * optimiser step, the dominant modality's encoder gradients are scaled down by a coefficient that falls with its
 * confidence advantage, and Gaussian noise with the gradient's own standard deviation is added.
 *
 * <p>Per step (official {@code main.py}):
 * <ol>
 * <li>{@code s_m = Σ_{i∈B} softmax(z_{m,i})_{y_i}} (batch <b>sum</b>), from the unimodal outputs {@code z_m}:
 *     {@code unimodal-logits=slice} uses the fused head's slice {@code W_f[:, cols(m)] e_m + b_f/M} as the official
 *     code; {@code head} uses our own unimodal heads; {@code auto} = slice with {@code loss-mode=faithful}, head with
 *     {@code loop}.</li>
 * <li>Two modalities (as the official code): {@code ρ_v = s_v/s_a}; if {@code ρ_v > 1}:
 *     {@code k_v = 1 − tanh(α ρ_v)}, {@code k_a = 1}; else {@code k_a = 1 − tanh(α/ρ_v)}, {@code k_v = 1}
 *     (a tie modulates modality 0, as the code's else branch). Three or more (BalanceBenchmark):
 *     {@code ρ_m = s_m / min s}, {@code k_m = 1 − tanh(α ρ_m)} if {@code ρ_m > 1}, else 1.</li>
 * <li>Inside the window {@code start ≤ epoch ≤ end}: for every selected gradient tensor {@code g} of encoder
 *     {@code m} (4-D convolution weights as the official code, or every tensor with more than one dimension):
 *     {@code g ← k_m g + ε}, {@code ε ~ N(0, (std(g) + 1e-8)²)} with the <b>unbiased</b> std of the unmodulated
 *     {@code g}, added to every encoder including those with {@code k = 1}. Plain OGM ({@code ge=false}) omits ε.</li>
 * </ol>
 * Edge cases: the coefficient jumps at {@code ρ = 1} (just above 1 it is {@code 1 − tanh(α)}); a tensor with fewer
 * than two entries gets std 0. Under Adam the scaling is almost cancelled (a warning is logged). Noise is drawn from
 * the engine's generator, seeded from the run seed.
 *
 * <p>Sources: X. Peng, Y. Wei, A. Deng, D. Wang, D. Hu, "Balanced Multimodal Learning via On-the-fly Gradient
 * Modulation", CVPR 2022; official code {@code GeWu-Lab/OGM-GE_CVPR2022} ({@code main.py}, commit 343dc1d);
 * three-modality form from {@code GeWu-Lab/BalanceBenchmark} {@code OGM_trainer.py}; spec
 * {@code baselines.md} §B1.
 */
public final class OgmGe implements TrainingMethod {

    private static final System.Logger LOG = System.getLogger(OgmGe.class.getName());

    /** Stable id. */
    public static final String ID = "ogm-ge";

    private final double alpha;
    private final int start;
    private final int end;
    private final boolean generalisationEnhancement;
    private final boolean faithful;
    private final boolean sliceLogits;
    private final boolean convolutionOnly;
    private ModelProbe probe;
    private double[] lastCoefficients;

    public OgmGe(MethodOptions o) {
        this.alpha = o.getDouble("alpha");
        this.start = o.getInt("modulation-start");
        this.end = o.getInt("modulation-end");
        if (start > end) {
            throw new IllegalArgumentException("method ogm-ge: modulation-start " + start + " is after modulation-end " + end);
        }
        this.generalisationEnhancement = o.getBoolean("ge");
        this.faithful = o.getString("loss-mode").equals("faithful");
        String logits = o.getString("unimodal-logits");
        this.sliceLogits = logits.equals("slice") || (logits.equals("auto") && faithful);
        this.convolutionOnly = o.getString("tensors").equals("conv");
    }

    /** The descriptor (id, family, hooks, options with the official defaults). */
    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.GRADIENT,
                "OGM-GE (Peng et al., CVPR 2022): scale the dominant modality's encoder gradients by 1 - tanh(alpha*rho), plus Gaussian noise",
                List.of("lossWeights", "onModelReady", "afterBackward"),
                List.of(
                        HyperParameter.ofDouble("alpha", 0.8, 0.0, 100.0, "modulation strength (official: 0.8 CREMA-D, 0.1 VGGSound)"),
                        HyperParameter.ofInt("modulation-start", 1, 1, null, "first modulated epoch, from 1 (official 0-based 0 = 1 here)"),
                        HyperParameter.ofInt("modulation-end", 51, 1, null, "last modulated epoch, inclusive (official 0-based 50 = 51 here)"),
                        HyperParameter.ofBoolean("ge", true, "add the generalisation-enhancement noise (false = plain OGM)"),
                        HyperParameter.ofChoice("loss-mode", "faithful", List.of("faithful", "loop"),
                                "faithful: fused CE only (official); loop: fused + unimodal CEs"),
                        HyperParameter.ofChoice("unimodal-logits", "auto", List.of("auto", "slice", "head"),
                                "outputs for the confidences: fused-head slices (official), own heads, or auto by loss-mode"),
                        HyperParameter.ofChoice("tensors", "conv", List.of("conv", "non-1d"),
                                "modulated gradient tensors: 4-D conv weights (official) or every tensor with >1 dims (BalanceBenchmark)")),
                Map.of(), OgmGe::new);
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
        if (sliceLogits) {
            // fail before training when the fusion has no slices (film, gated): the error names the fix
            probe.sliceLogits(0, new float[1][context.network().embeddingSizes()[0]]);
        }
        if (context.updater().settings().kind() == OptimizerSettings.Kind.ADAM) {
            LOG.log(System.Logger.Level.WARNING, "ogm-ge with Adam: gradient scaling is almost cancelled by Adam's normalisation");
        }
    }

    @Override
    public void afterBackward(BatchContext batch) {
        if (!Numerics.inWindow(batch.epoch(), start, end)) {
            return;
        }
        int modalities = probe.modalityCount();
        int[] labels = batch.labels();
        double[] scores = new double[modalities];
        for (int m = 0; m < modalities; m++) {
            float[][] z = sliceLogits
                    ? probe.sliceLogits(m, Numerics.toMatrix(batch.outputs().embedding(m)))
                    : Numerics.toMatrix(batch.outputs().unimodal(m));
            scores[m] = Numerics.trueClassProbabilitySum(z, labels);
        }
        double[] k = coefficients(scores, alpha);
        lastCoefficients = k;
        for (int m = 0; m < modalities; m++) {
            for (Parameter p : probe.encoderTrainable(m)) {
                int dims = p.getArray().getShape().dimension();
                if (convolutionOnly ? dims != 4 : dims <= 1) {
                    continue;
                }
                NDArray g = batch.gradient(p);
                NDArray noise = null;
                if (generalisationEnhancement) {
                    double std = unbiasedStd(g);
                    noise = batch.manager().randomNormal(0f, (float) (std + 1e-8), g.getShape(), g.getDataType());
                }
                if (k[m] != 1.0) {
                    Scalars.timesInPlace(g, (float) k[m]);
                }
                if (noise != null) {
                    g.addi(noise);
                }
            }
        }
    }

    /** Coefficients of the last modulated batch (diagnostics), or {@code null}. */
    public double[] lastCoefficients() {
        return lastCoefficients == null ? null : lastCoefficients.clone();
    }

    /**
     * The modulation coefficients {@code k_m} from the confidence sums {@code s_m} (see the class comment).
     *
     * @param scores {@code s_m ≥ 0}, one per modality (at least two)
     * @param alpha {@code α ≥ 0}
     */
    public static double[] coefficients(double[] scores, double alpha) {
        int n = scores.length;
        double[] k = new double[n];
        java.util.Arrays.fill(k, 1.0);
        if (n == 2) {
            double ratioV = scores[1] / scores[0];
            if (ratioV > 1) {
                k[1] = 1 - Math.tanh(alpha * ratioV);
            } else {
                k[0] = 1 - Math.tanh(alpha / ratioV);
            }
            return k;
        }
        double min = Double.POSITIVE_INFINITY;
        for (double s : scores) {
            min = Math.min(min, s);
        }
        for (int m = 0; m < n; m++) {
            double ratio = scores[m] / min;
            if (ratio > 1) {
                k[m] = 1 - Math.tanh(alpha * ratio);
            }
        }
        return k;
    }

    /** {@link #unbiasedStd(float[])} computed on the device (no copy of the gradient to the heap). */
    static double unbiasedStd(NDArray g) {
        long n = g.size();
        if (n < 2) {
            return 0;
        }
        return Math.sqrt(g.sub(g.mean()).square().sum().getFloat() / (n - 1));
    }

    /** Unbiased standard deviation {@code sqrt(Σ(g − ḡ)² / (n − 1))} (torch {@code Tensor.std()}); 0 when n &lt; 2. */
    public static double unbiasedStd(float[] g) {
        int n = g.length;
        if (n < 2) {
            return 0;
        }
        double mean = 0;
        for (float v : g) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (float v : g) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (n - 1));
    }
}
