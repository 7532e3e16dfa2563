package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import ai.djl.nn.Parameter;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.Objectives;
import dev.bss.engine.train.OptimizerSettings;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.methods.HyperParameter;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodFamily;
import dev.bss.methods.MethodOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MMPareto: per step, the Pareto combination of the fused and unimodal gradients on each encoder. With the objective
 * {@code L = L_f + Σ_m L_m} ({@code L_f = CE(z_f)}, {@code L_m = CE(z_m)} with own unimodal heads), encoder {@code m}
 * receives {@code g^f_m = ∇_{Θ_m} L_f} and {@code g^u_m = ∇_{Θ_m} L_m}. Per step ({@code code/MMPareto.py}):
 * <ol>
 * <li>{@code g^f} is read with a graph-keeping back-propagation of {@code L_f} alone
 *     ({@link BatchContext#gradientsOf}); the loop's back-propagation of {@code L} gives {@code g^sum}; since
 *     {@code L_{m'}} has no gradient on {@code Θ_m} for {@code m' ≠ m}, {@code g^u_m = g^sum_m − g^f_m} (the spec's
 *     "replace by summing the stored gradients"; two backward passes instead of {@code M + 2}).</li>
 * <li>Per encoder, on all its tensors concatenated: {@code cos = ⟨g^f, g^u⟩ / (‖g^f‖ ‖g^u‖)}. {@code cos > 0}:
 *     {@code (c_f, c_u) = (0.5, 0.5)}; otherwise (conflict, {@code cos = 0} and an undefined cosine included) the
 *     two-task min-norm solution ({@code min_norm_solvers}): with {@code v11 = ‖g^f‖², v12 = ⟨g^f,g^u⟩,
 *     v22 = ‖g^u‖²}: {@code c_f = 0.999} if {@code v12 ≥ v11}, {@code 0.001} if {@code v12 ≥ v22}, else
 *     {@code (v22 − v12)/(v11 + v22 − 2 v12)}; {@code c_u = 1 − c_f}.</li>
 * <li>Per tensor {@code t} of encoder {@code m}: {@code h = 2(c_f g^f_t + c_u g^u_t)}, {@code r = ‖g^sum_t‖/‖h‖};
 *     {@code grad_t = γ r h} if {@code r > 1}, else {@code γ h}: norm {@code γ max(‖g^sum_t‖, ‖h‖)}. A tensor with
 *     {@code ‖h‖ = 0} gets {@code γ g^sum_t} (the code would divide by zero). Head tensors keep {@code g^sum}.</li>
 * </ol>
 * The cosine is per encoder, the rescaling per tensor, as in the code; no window (the method applies to every
 * epoch). Under Adam the magnitude part is almost cancelled (a warning is logged). BalanceBenchmark's
 * {@code MMPareto_trainer} reads every gradient after all backward passes (so {@code cos = 1} always and the encoder
 * gradient is {@code 3 g^sum}); it is not followed. The objective is always {@code L_f + Σ_m L_m}, also in a
 * composition (the data-level part's loss weights are not used for training).
 *
 * <p>Sources: Y. Wei, D. Hu, "MMPareto: Boosting Multimodal Learning with Innocent Unimodal Assistance", ICML 2024;
 * official code {@code GeWu-Lab/MMPareto_ICML2024} ({@code code/MMPareto.py}, {@code code/min_norm_solvers.py},
 * {@code code/models/models.py}, {@code code/script/mmpareto.sh}, commit a339db3); spec {@code baselines.md} §A4.
 */
public final class MmPareto implements TrainingMethod {

    private static final System.Logger LOG = System.getLogger(MmPareto.class.getName());

    /** Stable id. */
    public static final String ID = "mmpareto";

    private final double gamma;
    private ModelProbe probe;
    /** {@code g^f} per encoder parameter of the running batch (batch manager), in {@link #encoderParameters} order. */
    private List<NDArray> fusedGradients;
    private List<Parameter> encoderParameters;
    private int[] encoderOf;
    private double[][] lastWeights;

    public MmPareto(MethodOptions o) {
        this.gamma = o.getDouble("gamma");
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.GRADIENT,
                "MMPareto (Wei & Hu, ICML 2024): per encoder, Pareto (min-norm) combination of fused and unimodal gradients when they conflict, magnitude x gamma",
                List.of("lossWeights", "onModelReady", "loss", "afterBackward"),
                List.of(HyperParameter.ofDouble("gamma", 1.5, 0.0, 100.0,
                        "magnitude factor on encoder gradients (official 1.5, hard-coded; BalanceBenchmark alpha 1.5)")),
                Map.of(), MmPareto::new);
    }

    @Override
    public String id() {
        return ID;
    }

    /** Fused and unimodal heads are trained (and summed for predictions unless {@code model.test-heads} says otherwise). */
    @Override
    public LossWeights lossWeights() {
        return LossWeights.FUSED_AND_UNIMODAL;
    }

    @Override
    public void onModelReady(TrainingContext context) {
        probe = new ModelProbe(context);
        encoderParameters = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int m = 0; m < probe.modalityCount(); m++) {
            for (Parameter p : probe.encoderTrainable(m)) {
                encoderParameters.add(p);
                owners.add(m);
            }
        }
        encoderOf = owners.stream().mapToInt(Integer::intValue).toArray();
        if (context.updater().settings().kind() == OptimizerSettings.Kind.ADAM) {
            LOG.log(System.Logger.Level.WARNING, "mmpareto with Adam: the magnitude factor is almost cancelled by Adam's normalisation");
        }
    }

    @Override
    public NDArray loss(BatchContext batch, NDArray defaultLoss) {
        ModelOutputs out = batch.outputs();
        NDArray fused = Objectives.crossEntropy(out.fused(), batch.oneHotLabels()).mean();
        fusedGradients = batch.gradientsOf(fused, encoderParameters);
        NDArray total = fused;
        for (int m = 0; m < out.modalityCount(); m++) {
            total = total.add(Objectives.crossEntropy(out.unimodal(m), batch.oneHotLabels()).mean());
        }
        return total;
    }

    @Override
    public void afterBackward(BatchContext batch) {
        int modalities = probe.modalityCount();
        List<NDArray> sum = new ArrayList<>(encoderParameters.size());
        List<NDArray> unimodal = new ArrayList<>(encoderParameters.size());
        double[][] v = new double[modalities][3];
        for (int i = 0; i < encoderParameters.size(); i++) {
            NDArray gs = batch.gradient(encoderParameters.get(i));
            NDArray gf = fusedGradients.get(i);
            NDArray gu = gs.sub(gf);
            sum.add(gs);
            unimodal.add(gu);
            double[] vm = v[encoderOf[i]];
            vm[0] += gf.mul(gf).sum().getFloat();
            vm[1] += gf.mul(gu).sum().getFloat();
            vm[2] += gu.mul(gu).sum().getFloat();
        }
        double[][] weights = new double[modalities][];
        for (int m = 0; m < modalities; m++) {
            weights[m] = combination(v[m][0], v[m][1], v[m][2]);
        }
        lastWeights = weights;
        for (int i = 0; i < encoderParameters.size(); i++) {
            double[] c = weights[encoderOf[i]];
            NDArray gs = sum.get(i);
            NDArray h = Scalars.times(fusedGradients.get(i), (float) (2 * c[1])).add(Scalars.times(unimodal.get(i), (float) (2 * c[2])));
            double hNorm = h.norm().getFloat();
            double sumNorm = gs.norm().getFloat();
            NDArray replacement = hNorm == 0 ? Scalars.times(gs, (float) gamma) : Scalars.times(h, (float) (gamma * Math.max(1.0, sumNorm / hNorm)));
            Scalars.timesInPlace(gs, 0f).addi(replacement);
        }
        fusedGradients = null;
    }

    /** Per modality {@code {cos, c_f, c_u}} of the last batch (diagnostics), or {@code null}. */
    public double[][] lastWeights() {
        return lastWeights == null ? null : lastWeights.clone();
    }

    /**
     * {@code {cos, c_f, c_u}} for one encoder from {@code v11 = ‖g^f‖²}, {@code v12 = ⟨g^f, g^u⟩},
     * {@code v22 = ‖g^u‖²} (see the class comment; an undefined cosine, from a zero gradient, counts as a conflict).
     */
    public static double[] combination(double v11, double v12, double v22) {
        double cos = v12 / (Math.sqrt(v11) * Math.sqrt(v22));
        if (cos > 0) {
            return new double[] {cos, 0.5, 0.5};
        }
        double cf;
        if (v12 >= v11) {
            cf = 0.999;
        } else if (v12 >= v22) {
            cf = 0.001;
        } else {
            cf = (v22 - v12) / (v11 + v22 - 2 * v12);
        }
        return new double[] {cos, cf, 1 - cf};
    }

    /**
     * The new gradients of one encoder's tensors: {@code combination} over all tensors concatenated, then the
     * per-tensor rescaling with {@code γ} (see the class comment).
     *
     * @param fused {@code g^f_t} per tensor
     * @param unimodal {@code g^u_t} per tensor
     */
    public static double[][] encoderGradients(double[][] fused, double[][] unimodal, double gamma) {
        double v11 = 0;
        double v12 = 0;
        double v22 = 0;
        for (int t = 0; t < fused.length; t++) {
            for (int j = 0; j < fused[t].length; j++) {
                v11 += fused[t][j] * fused[t][j];
                v12 += fused[t][j] * unimodal[t][j];
                v22 += unimodal[t][j] * unimodal[t][j];
            }
        }
        double[] c = combination(v11, v12, v22);
        double[][] out = new double[fused.length][];
        for (int t = 0; t < fused.length; t++) {
            int n = fused[t].length;
            double[] h = new double[n];
            double hh = 0;
            double ss = 0;
            for (int j = 0; j < n; j++) {
                h[j] = 2 * (c[1] * fused[t][j] + c[2] * unimodal[t][j]);
                hh += h[j] * h[j];
                double s = fused[t][j] + unimodal[t][j];
                ss += s * s;
            }
            double hNorm = Math.sqrt(hh);
            double scale = gamma * Math.max(1.0, Math.sqrt(ss) / hNorm);
            out[t] = new double[n];
            for (int j = 0; j < n; j++) {
                out[t][j] = hNorm == 0 ? gamma * (fused[t][j] + unimodal[t][j]) : scale * h[j];
            }
        }
        return out;
    }
}
