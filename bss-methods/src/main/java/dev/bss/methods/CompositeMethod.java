package dev.bss.methods;

import ai.djl.ndarray.NDArray;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.train.BatchContext;
import dev.bss.engine.train.EpochReport;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.PerSampleStatistics;
import dev.bss.engine.train.ScoringRequest;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * {@code a+b}: a data-level method (the first part, which owns the sequence, scoring and default loss weights)
 * composed with gradient / objective / fusion methods. Data hooks come from the first part; {@code configureModel},
 * {@code loss} and {@code objectiveHeads} are chained in order (each sees the previous result); the held-out
 * fraction is the largest part's, the sub-step count the largest part's; {@code optimizerStep} is the one part's that
 * overrides it (at most one may, else the composition is refused) or the run's optimiser; {@code prediction} is the
 * first part's non-null rule; every other hook is called on every part in order. The id is the parts' ids joined by
 * {@code +}.
 */
public final class CompositeMethod implements TrainingMethod {

    private final List<TrainingMethod> parts;
    private final String id;
    /** The part that steps its own optimisers, or null (the run's optimiser). */
    private final TrainingMethod stepper;

    public CompositeMethod(List<TrainingMethod> parts) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("a composite method needs at least two parts");
        }
        this.parts = List.copyOf(parts);
        this.id = String.join("+", parts.stream().map(TrainingMethod::id).toList());
        List<TrainingMethod> steppers = parts.stream().filter(CompositeMethod::ownsOptimizerStep).toList();
        if (steppers.size() > 1) {
            throw new IllegalArgumentException("method " + id + ": parts " + steppers.stream().map(TrainingMethod::id).toList()
                    + " each run their own optimiser step; at most one part may");
        }
        this.stepper = steppers.isEmpty() ? null : steppers.get(0);
    }

    /** Whether {@code m} overrides {@link TrainingMethod#optimizerStep} (steps its own optimisers). */
    public static boolean ownsOptimizerStep(TrainingMethod m) {
        try {
            return m.getClass().getMethod("optimizerStep", BatchContext.class, double.class).getDeclaringClass() != TrainingMethod.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<TrainingMethod> parts() {
        return parts;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SequenceScheduler sequenceScheduler(TrainingContext context) {
        return parts.get(0).sequenceScheduler(context);
    }

    @Override
    public double heldOutFraction() {
        double f = 0;
        for (TrainingMethod m : parts) {
            f = Math.max(f, m.heldOutFraction());
        }
        return f;
    }

    @Override
    public ScoringRequest scoringRequest() {
        return parts.get(0).scoringRequest();
    }

    @Override
    public double[] balanceScores(TrainingContext context, PerSampleStatistics statistics) {
        return parts.get(0).balanceScores(context, statistics);
    }

    @Override
    public ModelConfig configureModel(ModelConfig config) {
        ModelConfig c = config;
        for (TrainingMethod m : parts) {
            c = m.configureModel(c);
        }
        return c;
    }

    @Override
    public void onModelReady(TrainingContext context) {
        parts.forEach(m -> m.onModelReady(context));
    }

    @Override
    public LossWeights lossWeights() {
        return parts.get(0).lossWeights();
    }

    @Override
    public NDArray loss(BatchContext batch, NDArray defaultLoss) {
        NDArray l = defaultLoss;
        for (TrainingMethod m : parts) {
            l = m.loss(batch, l);
        }
        return l;
    }

    /** Chained like {@link #loss}: each part sees the previous part's answer. */
    @Override
    public Set<String> objectiveHeads(BatchContext batch, Set<String> heads) {
        Set<String> h = heads;
        for (TrainingMethod m : parts) {
            h = m.objectiveHeads(batch, h);
        }
        return h;
    }

    @Override
    public int subSteps(BatchContext batch) {
        int s = 1;
        for (TrainingMethod m : parts) {
            s = Math.max(s, m.subSteps(batch));
        }
        return s;
    }

    @Override
    public void afterBackward(BatchContext batch) {
        parts.forEach(m -> m.afterBackward(batch));
    }

    @Override
    public void optimizerStep(BatchContext batch, double learningRate) {
        if (stepper != null) {
            stepper.optimizerStep(batch, learningRate);
        } else {
            TrainingMethod.super.optimizerStep(batch, learningRate);
        }
    }

    @Override
    public NDArray prediction(ModelOutputs outputs) {
        for (TrainingMethod m : parts) {
            NDArray p = m.prediction(outputs);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void afterStep(TrainingContext context, int epoch, int batchIndex) {
        parts.forEach(m -> m.afterStep(context, epoch, batchIndex));
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        parts.forEach(m -> m.onEpochStart(context, epoch));
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochReport report) {
        parts.forEach(m -> m.onEpochEnd(context, report));
    }

    @Override
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (TrainingMethod m : parts) {
                byte[] s = m.saveState();
                out.writeInt(s.length);
                out.write(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void restoreState(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            for (TrainingMethod m : parts) {
                byte[] s = new byte[in.readInt()];
                in.readFully(s);
                m.restoreState(s);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("composite method " + id + ": corrupt method state", e);
        }
    }
}
