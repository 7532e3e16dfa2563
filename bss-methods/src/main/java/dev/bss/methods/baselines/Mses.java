package dev.bss.methods.baselines;

import ai.djl.nn.Parameter;
import dev.bss.engine.data.MultimodalDataset;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MSES: Modality-Specific Early Stopping. The unimodal and multimodal classifiers train together; each modality's
 * branch stops separately when its own smoothed validation loss has not improved for {@code patience} epochs, and is
 * frozen at its best state while the others continue.
 *
 * <p>Epoch end ({@code t} from 1), as AGM's authors implement it:
 * <ol>
 * <li>{@code ℓ_m(t)}: mean cross-entropy of unimodal head {@code m} on the validation split (the official script
 *     uses the test loader).</li>
 * <li>{@code ℓ̃_m(1) = ℓ_m(1)}, {@code ℓ̃_m(t) = w ℓ_m(t−1) + (1−w) ℓ_m(t)} with {@code w = 0.6} on the previous
 *     <b>raw</b> loss.</li>
 * <li>{@code ℓ̃_m(t) <} best so far: {@code t*_m = t}, snapshot of all parameters and the optimiser state (heap).</li>
 * <li>{@code t − t*_m > P} and not stopped: stop {@code m}: its branch's learning-rate scale becomes 0 (no update
 *     and no weight decay, instead of the official gradient multiplier 0) and the snapshot of {@code t*_m} is
 *     restored: the whole model and optimiser ({@code restore=model}, official) or only branch {@code m}
 *     ({@code restore=branch}, arguably the paper's intent). When every modality has stopped, every parameter is
 *     frozen (the engine has no early exit; the remaining epochs only evaluate).</li>
 * </ol>
 * Snapshots are not written to checkpoints: after a resume, a modality that stops before improving again is frozen
 * without a restore.
 *
 * <p>Objective ({@code loss-mode}): {@code faithful} (default) trains the model AGM's authors use for MSES, the sum of
 * the modalities' own heads with {@code CE(Σ_m z_m)} only, predicted by that sum; {@code loop} trains the loop's
 * {@code CE(z_f) + Σ_m CE(z_m)}, the unimodal heads alongside the fused one.
 *
 * <p>Sources: Y. Fujimori et al., "Modality-specific learning rate control for multimodal classification", 2020
 * (MSES); no official code found; implementation used as a baseline by AGM ({@code run/CREMAD_main.py} in
 * {@code Lingy12/AGM_ICCV2023}, commit a24f2ce); spec {@code baselines.md} §B5.
 */
public final class Mses implements TrainingMethod {

    /** Stable id. */
    public static final String ID = "mses";

    private final int patience;
    private final double previousWeight;
    private final boolean restoreWholeModel;
    private final boolean useTest;
    private final boolean faithful;
    private ModelProbe probe;
    private StoppingTracker tracker;
    private final Map<Integer, Map<String, float[]>> parameterSnapshots = new HashMap<>();
    private final Map<Integer, byte[]> optimizerSnapshots = new HashMap<>();

    public Mses(MethodOptions o) {
        this.patience = o.getInt("patience");
        this.previousWeight = o.getDouble("previous-weight");
        this.restoreWholeModel = o.getString("restore").equals("model");
        this.useTest = o.getString("statistics").equals("test");
        this.faithful = o.getString("loss-mode").equals("faithful");
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.OBJECTIVE,
                "MSES (Fujimori et al., 2020): sum of the unimodal heads trained with one CE (official) or fused + unimodal heads, early stopping per modality branch",
                List.of("lossWeights", "onModelReady", "onEpochEnd", "saveState", "restoreState"),
                List.of(
                        HyperParameter.ofInt("patience", 80, 0, null, "epochs without improvement of the smoothed loss before a branch stops (official 80)"),
                        HyperParameter.ofDouble("previous-weight", 0.6, 0.0, 1.0, "smoothing weight of the previous raw loss (official 0.6)"),
                        HyperParameter.ofChoice("restore", "model", List.of("model", "branch"),
                                "on stop, restore the whole model + optimiser (official) or only the stopped branch"),
                        HyperParameter.ofChoice("statistics", "validation", List.of("validation", "test"),
                                "split giving the unimodal losses (the official script uses test)"),
                        Mslr.lossModeOption()),
                Map.of(), Mses::new);
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * {@code faithful}: {@code CE(Σ_m z_m)} of the unimodal heads only (official); {@code loop}: fused + unimodal
     * cross-entropies (see {@link Mslr#lossWeights()}).
     */
    @Override
    public LossWeights lossWeights() {
        return Mslr.lossWeights(faithful);
    }

    @Override
    public void onModelReady(TrainingContext context) {
        probe = new ModelProbe(context);
        if (split(context) == null) {
            throw new IllegalArgumentException("method mses: needs a " + (useTest ? "test" : "validation")
                    + " split for the unimodal losses; the dataset has none (set statistics=" + (useTest ? "validation" : "test") + ")");
        }
        if (tracker == null) {
            tracker = new StoppingTracker(probe.modalityCount(), patience, previousWeight);
        } else {
            applyFreezes();
        }
    }

    private MultimodalDataset split(TrainingContext context) {
        return useTest ? context.testSet() : context.validationSet();
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochReport report) {
        MultimodalDataset split = split(context);
        ModelProbe.Pass pass = probe.evaluate(split, ModelProbe.all(split.size()), context.config().evaluationBatchSize());
        int modalities = probe.modalityCount();
        double[] losses = new double[modalities];
        for (int m = 0; m < modalities; m++) {
            losses[m] = Numerics.meanCrossEntropy(pass.unimodalLogits()[m], pass.labels(), 0);
        }
        StoppingTracker.Decision d = tracker.update(report.epoch(), losses);
        for (int m : d.improved()) {
            parameterSnapshots.put(m, probe.snapshot());
            optimizerSnapshots.put(m, context.updater().saveState());
        }
        for (int m : d.stopped()) {
            Map<String, float[]> snapshot = parameterSnapshots.get(m);
            if (snapshot != null) {
                if (restoreWholeModel) {
                    probe.restore(snapshot, null);
                    try {
                        context.updater().restoreState(optimizerSnapshots.get(m));
                    } catch (IOException e) {
                        throw new UncheckedIOException("mses: restoring the optimiser snapshot", e);
                    }
                } else {
                    probe.restore(snapshot, probe.branchParameters(m));
                }
            }
        }
        if (!d.stopped().isEmpty()) {
            applyFreezes();
        }
    }

    private void applyFreezes() {
        boolean all = tracker.allStopped();
        List<Parameter> frozen = new ArrayList<>();
        if (all) {
            frozen.addAll(probe.trainableParameters());
        } else {
            for (int m = 0; m < probe.modalityCount(); m++) {
                if (tracker.isStopped(m)) {
                    frozen.addAll(probe.branchParameters(m));
                }
            }
        }
        for (Parameter p : frozen) {
            probe.context().updater().setLearningRateScale(p, 0.0);
        }
    }

    /** The stopping state (for diagnostics). */
    public StoppingTracker tracker() {
        return tracker;
    }

    /**
     * The pure stopping logic: smoothing, best epochs, stop decisions. Epochs must be passed in increasing order.
     */
    public static final class StoppingTracker {

        /** What one epoch decided: modalities whose smoothed loss improved, and those that stop now. */
        public record Decision(List<Integer> improved, List<Integer> stopped) {
        }

        private final int patience;
        private final double previousWeight;
        private final double[] previousRaw;
        private final double[] best;
        private final int[] bestEpoch;
        private final boolean[] stopped;
        private final List<double[]> smoothedHistory = new ArrayList<>();

        public StoppingTracker(int modalities, int patience, double previousWeight) {
            this.patience = patience;
            this.previousWeight = previousWeight;
            this.previousRaw = new double[modalities];
            this.best = new double[modalities];
            this.bestEpoch = new int[modalities];
            this.stopped = new boolean[modalities];
            java.util.Arrays.fill(previousRaw, Double.NaN);
            java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        }

        /** Feeds the raw unimodal losses of {@code epoch} (from 1). */
        public Decision update(int epoch, double[] rawLosses) {
            List<Integer> improved = new ArrayList<>();
            List<Integer> stop = new ArrayList<>();
            double[] smoothed = new double[rawLosses.length];
            for (int m = 0; m < rawLosses.length; m++) {
                smoothed[m] = Double.isNaN(previousRaw[m]) ? rawLosses[m]
                        : previousWeight * previousRaw[m] + (1 - previousWeight) * rawLosses[m];
                previousRaw[m] = rawLosses[m];
                if (stopped[m]) {
                    continue;
                }
                if (smoothed[m] < best[m]) {
                    best[m] = smoothed[m];
                    bestEpoch[m] = epoch;
                    improved.add(m);
                } else if (epoch - bestEpoch[m] > patience) {
                    stopped[m] = true;
                    stop.add(m);
                }
            }
            smoothedHistory.add(smoothed);
            return new Decision(improved, stop);
        }

        public boolean isStopped(int m) {
            return stopped[m];
        }

        public boolean allStopped() {
            for (boolean s : stopped) {
                if (!s) {
                    return false;
                }
            }
            return true;
        }

        /** Best epoch {@code t*_m} (0 before any update). */
        public int bestEpoch(int m) {
            return bestEpoch[m];
        }

        /** Smoothed losses of every epoch fed so far ({@code [epoch−1][m]}). */
        public List<double[]> smoothedHistory() {
            return List.copyOf(smoothedHistory);
        }

        void write(DataOutputStream out) throws IOException {
            out.writeInt(stopped.length);
            for (int m = 0; m < stopped.length; m++) {
                out.writeDouble(previousRaw[m]);
                out.writeDouble(best[m]);
                out.writeInt(bestEpoch[m]);
                out.writeBoolean(stopped[m]);
            }
        }

        void read(DataInputStream in) throws IOException {
            int n = in.readInt();
            if (n != stopped.length) {
                throw new IOException("mses state has " + n + " modalities, the model has " + stopped.length);
            }
            for (int m = 0; m < n; m++) {
                previousRaw[m] = in.readDouble();
                best[m] = in.readDouble();
                bestEpoch[m] = in.readInt();
                stopped[m] = in.readBoolean();
            }
        }
    }

    @Override
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(tracker != null);
            if (tracker != null) {
                tracker.write(out);
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
            if (in.readBoolean() && tracker != null) {
                tracker.read(in);
                applyFreezes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("mses: unreadable method state", e);
        }
    }
}
