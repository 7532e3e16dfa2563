package dev.bss.methods.baselines;

import ai.djl.nn.Parameter;
import dev.bss.engine.metrics.SplitMetrics;
import dev.bss.engine.train.EpochReport;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * MSLR: Modality-Specific Learning Rates. Modality {@code m}'s branch (encoder and unimodal head) trains with the
 * learning rate {@code lr · κ_m}, set through the updater's per-parameter learning-rate scale (preferred to gradient
 * scaling, see {@code baselines.md} §0.4: with SGD weight decay the decay term is scaled too).
 *
 * <p>Strategies:
 * <ul>
 * <li>{@code keep}: {@code κ_m = κ⁰_m} throughout.</li>
 * <li>{@code dynamic} (as AGM's authors implement MSLR): after every epoch, with this epoch's unimodal accuracy
 *     {@code acc_m} (validation split; the official script uses the test loader) and a memory of the last
 *     {@code L = 5} values: while it holds fewer than {@code L}, append and keep {@code q_m = 1}; once full,
 *     {@code q_m = acc_m / mean(memory_m)}, then drop the oldest and append {@code acc_m}; {@code κ_m = κ⁰_m q_m}
 *     (no upper clamp; a zero mean gives {@code q = 1}).</li>
 * <li>{@code smooth}: not in any stored code; ours: {@code κ_m(t) = κ⁰_m + (1 − κ⁰_m) · min(1, (t−1)/T_s)}, a
 *     linear move from the modality-specific rate to the global one over {@code smooth-epochs}
 *     <b>[paper, unverified]</b>.</li>
 * </ul>
 * {@code κ⁰} ({@code initial-rates}): comma-separated per modality in dataset order; {@code auto} = (0.9, 1.1) for two
 * modalities (official CREMA-D) and (0.9, 1.4, 0.7) for three (official UR-Funny).
 *
 * <p>Objective ({@code loss-mode}): {@code faithful} (default) trains the model AGM's authors use for MSLR, the sum of
 * the modalities' own heads {@code z = Σ_m z_m} with {@code CE(z)} only, and predicts with that sum
 * ({@link LossWeights#SUM_OF_HEADS}; the concat fused head gets no gradient and no update); {@code loop} trains the
 * loop's {@code CE(z_f) + Σ_m CE(z_m)}. In a composition {@code bss-l+mslr} the first part's loss weights apply.
 *
 * <p>Sources: Y. Yao, R. Mihalcea, "Modality-specific Learning Rates for Effective Multimodal Additive Late-fusion",
 * Findings of ACL 2022; no official code found; implementation used as a baseline by AGM ({@code run/CREMAD_main.py}
 * in {@code Lingy12/AGM_ICCV2023}, commit a24f2ce); spec {@code baselines.md} §B4.
 */
public final class Mslr implements TrainingMethod {

    /** Stable id. */
    public static final String ID = "mslr";

    private final String strategy;
    private final String initialRatesText;
    private final int memoryLength;
    private final int smoothEpochs;
    private final boolean useTest;
    private final boolean faithful;
    private ModelProbe probe;
    private double[] initialRates;
    private double[] rates;
    private List<Deque<Double>> memories;

    public Mslr(MethodOptions o) {
        this.strategy = o.getString("strategy");
        this.initialRatesText = o.getString("initial-rates");
        this.memoryLength = o.getInt("memory-length");
        this.smoothEpochs = o.getInt("smooth-epochs");
        this.useTest = o.getString("statistics").equals("test");
        this.faithful = o.getString("loss-mode").equals("faithful");
        if (!initialRatesText.equals("auto")) {
            parseRates(initialRatesText, -1);
        }
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.GRADIENT,
                "MSLR (Yao & Mihalcea, 2022): per-modality learning rates, strategies keep / smooth / dynamic",
                List.of("lossWeights", "onModelReady", "onEpochStart", "onEpochEnd", "saveState", "restoreState"),
                List.of(
                        HyperParameter.ofChoice("strategy", "dynamic", List.of("keep", "smooth", "dynamic"),
                                "keep: fixed rates; smooth: move linearly to the global rate; dynamic: scale by acc / mean of the last accuracies"),
                        HyperParameter.ofString("initial-rates", "auto", "comma-separated lr multipliers per modality; auto = 0.9,1.1 (2) or 0.9,1.4,0.7 (3)"),
                        HyperParameter.ofInt("memory-length", 5, 1, 1000, "accuracy memory length of the dynamic strategy"),
                        HyperParameter.ofInt("smooth-epochs", 10, 1, null, "epochs of the smooth strategy's move to the global rate"),
                        HyperParameter.ofChoice("statistics", "validation", List.of("validation", "test"),
                                "split giving the unimodal accuracies (the official script uses test)"),
                        lossModeOption()),
                Map.of(), Mslr::new);
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * {@code faithful}: {@code CE(Σ_m z_m)} of the unimodal heads only ({@link LossWeights#SUM_OF_HEADS}, AGM's
     * {@code AVClassifier_Sum}); {@code loop}: fused + unimodal cross-entropies. Either way the unimodal heads train,
     * and their accuracies drive the rates.
     */
    @Override
    public LossWeights lossWeights() {
        return lossWeights(faithful);
    }

    /** The {@code loss-mode} option shared by MSLR and MSES. */
    static HyperParameter lossModeOption() {
        return HyperParameter.ofChoice("loss-mode", "faithful", List.of("faithful", "loop"),
                "faithful: CE of the sum of the unimodal heads' logits only, predicted by that sum (official, as AGM's authors run it);"
                        + " loop: fused + unimodal CEs");
    }

    /** {@link LossWeights#SUM_OF_HEADS} when faithful, else {@link LossWeights#FUSED_AND_UNIMODAL}. */
    static LossWeights lossWeights(boolean faithful) {
        return faithful ? LossWeights.SUM_OF_HEADS : LossWeights.FUSED_AND_UNIMODAL;
    }

    @Override
    public void onModelReady(TrainingContext context) {
        probe = new ModelProbe(context);
        int modalities = probe.modalityCount();
        if (strategy.equals("dynamic") && (useTest ? context.testSet() : context.validationSet()) == null) {
            throw new IllegalArgumentException("method mslr: strategy dynamic needs a " + (useTest ? "test" : "validation")
                    + " split for unimodal accuracies; the dataset has none (set statistics=" + (useTest ? "validation" : "test") + " or use keep)");
        }
        if (initialRatesText.equals("auto")) {
            if (modalities == 2) {
                initialRates = new double[] {0.9, 1.1};
            } else if (modalities == 3) {
                initialRates = new double[] {0.9, 1.4, 0.7};
            } else {
                initialRates = new double[modalities];
                java.util.Arrays.fill(initialRates, 1.0);
            }
        } else {
            initialRates = parseRates(initialRatesText, modalities);
        }
        if (rates == null) {
            rates = initialRates.clone();
        }
        if (memories == null) {
            memories = new ArrayList<>();
            for (int m = 0; m < modalities; m++) {
                memories.add(new ArrayDeque<>());
            }
        }
        apply();
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        if (strategy.equals("smooth")) {
            for (int m = 0; m < rates.length; m++) {
                rates[m] = smoothRate(initialRates[m], epoch, smoothEpochs);
            }
            apply();
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochReport report) {
        if (!strategy.equals("dynamic")) {
            return;
        }
        SplitMetrics metrics = useTest ? report.test() : report.validation();
        if (metrics == null) {
            return;
        }
        List<String> names = context.modalityNames();
        for (int m = 0; m < names.size(); m++) {
            Double acc = metrics.unimodalAccuracy().get(names.get(m));
            if (acc == null) {
                continue;
            }
            double q = updateMemory(memories.get(m), acc, memoryLength);
            rates[m] = initialRates[m] * q;
        }
        apply();
    }

    private void apply() {
        for (int m = 0; m < rates.length; m++) {
            for (Parameter p : probe.branchParameters(m)) {
                probe.context().updater().setLearningRateScale(p, rates[m]);
            }
        }
    }

    /** Current multipliers {@code κ_m} (a copy). */
    public double[] rates() {
        return rates == null ? null : rates.clone();
    }

    /**
     * The dynamic strategy's memory step: returns {@code q} and updates {@code memory} in place (see the class
     * comment).
     */
    public static double updateMemory(Deque<Double> memory, double accuracy, int length) {
        if (memory.size() < length) {
            memory.addLast(accuracy);
            return 1.0;
        }
        double mean = 0;
        for (double v : memory) {
            mean += v;
        }
        mean /= memory.size();
        double q = mean == 0 ? 1.0 : accuracy / mean;
        memory.removeFirst();
        memory.addLast(accuracy);
        return q;
    }

    /** The smooth strategy: {@code κ⁰ + (1 − κ⁰) · min(1, (epoch − 1)/epochs)}. */
    public static double smoothRate(double initial, int epoch, int epochs) {
        return initial + (1 - initial) * Math.min(1.0, (epoch - 1) / (double) epochs);
    }

    private static double[] parseRates(String text, int modalities) {
        String[] parts = text.split(",");
        if (modalities > 0 && parts.length != modalities) {
            throw new IllegalArgumentException("method mslr: option 'initial-rates' has " + parts.length + " values for "
                    + modalities + " modalities: '" + text + "'");
        }
        double[] r = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                r[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("method mslr: option 'initial-rates' must be comma-separated numbers > 0, got '" + text + "'");
            }
            if (!(r[i] > 0) || Double.isInfinite(r[i])) {
                throw new IllegalArgumentException("method mslr: option 'initial-rates' values must be finite and > 0, got '" + text + "'");
            }
        }
        return r;
    }

    @Override
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            int n = rates == null ? 0 : rates.length;
            out.writeInt(n);
            for (int m = 0; m < n; m++) {
                out.writeDouble(rates[m]);
                out.writeInt(memories.get(m).size());
                for (double v : memories.get(m)) {
                    out.writeDouble(v);
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
            int n = in.readInt();
            double[] r = new double[n];
            List<Deque<Double>> mem = new ArrayList<>();
            for (int m = 0; m < n; m++) {
                r[m] = in.readDouble();
                Deque<Double> d = new ArrayDeque<>();
                int size = in.readInt();
                for (int i = 0; i < size; i++) {
                    d.addLast(in.readDouble());
                }
                mem.add(d);
            }
            rates = r;
            memories = mem;
            if (probe != null) {
                apply();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("mslr: unreadable method state", e);
        }
    }
}
