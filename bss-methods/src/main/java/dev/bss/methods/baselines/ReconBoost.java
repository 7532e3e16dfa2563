package dev.bss.methods.baselines;

import ai.djl.ndarray.NDArray;
import dev.bss.engine.nd.Scalars;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
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
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ReconBoost: modality-alternating boosting. Every modality's learner is its encoder followed by a head shared by
 * all modalities ({@code head=shared-mlp}: {@code d → 256 → K} with ReLU, the official "common space"; or
 * {@code own-linear}: each modality's own linear head); the ensemble is {@code F(x) = β Σ_m z_m} with
 * {@code z_m = h(e_m)} and a learnable boost rate {@code β} (initially {@code boost-rate}). The network's concat fusion
 * head is left untrained.
 *
 * <p>Stage plan, by epoch ({@code t} from 1): a stage is {@code epochs-per-stage} epochs of phase A then
 * {@code correct-epochs} epochs of phase B; stage {@code s = ⌊(t−1)/(A+B)⌋} trains modality {@code m_s = s mod M}
 * (dataset order, cyclic).
 * <ul>
 * <li>Phase A (modality learning): a fresh optimiser over encoder {@code m_s} and its head (re-created at the start of
 *     each phase A; the run's optimiser settings). Per sample, {@code q = softmax(F_{−m}(x))} without gradient, from
 *     the learners of the other modalities already trained in an earlier stage ({@code q ≡ 1} while there is none,
 *     as the code's random scalar), and {@code ℓ = (w1 − w2 q_y)/K · CE(z_{m_s}, y)} (the code's
 *     {@code .mean(−1)} divides by {@code K}). Memory consolidation, from stage 1: {@code + α MSE(π, π_prev)} with
 *     {@code π = softmax(z_{m_s})} and {@code π_prev} the previous stage's modality's; both arguments are detached in
 *     the released code ({@code ga-mode=detached}: its value only, no gradient), {@code live} lets the gradient flow
 *     into {@code π}.</li>
 * <li>Phase B (global rectification): a fresh optimiser over every encoder, head and {@code β};
 *     {@code L = CE(F(x), y)}.</li>
 * </ul>
 * The learning rate is the run's epoch rate times {@code stage-lr-gamma^⌊s/stage-lr-step⌋} (CREMA-D: ×0.1 every 30
 * stages). Prediction ({@link #prediction}): {@code F(x)}. Only the newest learner per modality is kept (the learner
 * is trained in place), as in the code.
 *
 * <p>Not implemented: the published recipe's pre-trained unimodal encoders ({@code --use_pretrain}; outside the BSS
 * protocol). Differences: the released code keeps the best test accuracy for {@code s ≥ 3}; here the loop's model
 * selection applies. BalanceBenchmark computes the ensemble with masked-input forwards; not followed.
 *
 * <p>Sources: C. Hua, Q. Xu, S. Bao, Z. Yang, Q. Huang, "ReconBoost: Boosting Can Achieve Modality Reconcilement",
 * ICML 2024; official code {@code huacong/ReconBoost} ({@code train.py}, {@code models/dynamic_net.py},
 * {@code schedule.py}, {@code utils.py}, {@code models/CREMA/basic_model.py}, {@code README.md}, commit 14ab57a);
 * spec {@code baselines.md} §A3.
 */
public final class ReconBoost implements TrainingMethod {

    /** Stable id. */
    public static final String ID = "reconboost";

    private final double w1;
    private final double w2;
    private final double alpha;
    private final boolean liveGa;
    private final int phaseAEpochs;
    private final int phaseBEpochs;
    private final boolean sharedHead;
    private final double initialBoostRate;
    private final int stageLrStep;
    private final double stageLrGamma;
    private ModelProbe probe;
    private MultimodalNetwork network;
    private int modalities;
    private int numClasses;
    private Parameter boostRate;
    /** Optimiser of the running phase and its key (stage·2 + phase), or null / −1 before the first epoch. */
    private ParameterUpdater updater;
    private int updaterKey = -1;
    /** Restored optimiser state waiting for its phase to start ({@code pendingKey}), after a resume. */
    private byte[] pendingState;
    private int pendingKey = -1;
    private double stageLrFactor = 1;
    private double boostMomentum;
    private boolean boostMomentumSet;
    private int boostMomentumKey = -1;
    private int currentStage;
    private boolean phaseB;

    public ReconBoost(MethodOptions o) {
        this.w1 = o.getDouble("w1");
        this.w2 = o.getDouble("w2");
        this.alpha = o.getDouble("alpha");
        this.liveGa = o.getString("ga-mode").equals("live");
        this.phaseAEpochs = o.getInt("epochs-per-stage");
        this.phaseBEpochs = o.getInt("correct-epochs");
        this.sharedHead = o.getString("head").equals("shared-mlp");
        this.initialBoostRate = o.getDouble("boost-rate");
        this.stageLrStep = o.getInt("stage-lr-step");
        this.stageLrGamma = o.getDouble("stage-lr-gamma");
    }

    public static MethodDescriptor descriptor() {
        return new MethodDescriptor(ID, MethodFamily.OBJECTIVE,
                "ReconBoost (Hua et al., ICML 2024): stages that boost one modality against the others' ensemble, then rectify all jointly",
                List.of("configureModel", "lossWeights", "onModelReady", "onEpochStart", "loss", "optimizerStep", "prediction",
                        "saveState", "restoreState"),
                List.of(
                        HyperParameter.ofDouble("w1", 5.0, 0.0, 100.0, "weight of the boosting cross-entropy (official CREMA-D 5, AVE 4)"),
                        HyperParameter.ofDouble("w2", 1.0, 0.0, 100.0, "weight of the reconcilement term q_y (official 1)"),
                        HyperParameter.ofDouble("alpha", 0.5, 0.0, 100.0, "weight of the memory-consolidation (GA) term (official 0.5)"),
                        HyperParameter.ofChoice("ga-mode", "detached", List.of("detached", "live"),
                                "GA term as released (both inputs detached: no gradient) or with gradient into the current learner"),
                        HyperParameter.ofInt("epochs-per-stage", 4, 1, 1000, "phase A epochs per stage (official 4; BalanceBenchmark 1)"),
                        HyperParameter.ofInt("correct-epochs", 4, 0, 1000, "phase B (global rectification) epochs per stage (official 4; BalanceBenchmark 1)"),
                        HyperParameter.ofChoice("head", "shared-mlp", List.of("shared-mlp", "own-linear"),
                                "learner head: one MLP shared by all modalities (official) or each modality's own linear head"),
                        HyperParameter.ofDouble("boost-rate", 1.0, 1e-6, 100.0, "initial boost rate beta (learnable in phase B; official 1.0)"),
                        HyperParameter.ofInt("stage-lr-step", 30, 1, null, "stages between learning-rate decays (official CREMA-D 30)"),
                        HyperParameter.ofDouble("stage-lr-gamma", 0.1, 1e-6, 1.0, "learning-rate factor per decay (official CREMA-D 0.1)")),
                Map.of(), ReconBoost::new);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ModelConfig configureModel(ModelConfig config) {
        return config.toBuilder().optUnimodalHeads(sharedHead ? UnimodalHeads.SHARED_MLP : UnimodalHeads.OWN_LINEAR).build();
    }

    /** Evaluation loss: the sum of the learners' cross-entropies (the concat fusion head is not trained). */
    @Override
    public LossWeights lossWeights() {
        return new LossWeights(0, 1);
    }

    @Override
    public void onModelReady(TrainingContext context) {
        probe = new ModelProbe(context);
        network = context.network();
        modalities = probe.modalityCount();
        numClasses = context.numClasses();
        if (sharedHead != network.unimodalHeads().shared()) {
            throw new IllegalArgumentException("method reconboost: head=" + (sharedHead ? "shared-mlp" : "own-linear")
                    + " but another part of the composition changed the unimodal heads");
        }
        if (boostRate == null) {
            boostRate = Parameter.builder().setName("boost-rate").setType(Parameter.Type.OTHER).optShape(new Shape(1))
                    .optInitializer(new ConstantInitializer((float) initialBoostRate)).build();
            boostRate.initialize(context.modelManager(), DataType.FLOAT32);
        }
    }

    /** The stage of epoch {@code t} (from 1). */
    public int stage(int epoch) {
        return (epoch - 1) / (phaseAEpochs + phaseBEpochs);
    }

    /** Whether epoch {@code t} (from 1) is a global-rectification (phase B) epoch. */
    public boolean isPhaseB(int epoch) {
        return (epoch - 1) % (phaseAEpochs + phaseBEpochs) >= phaseAEpochs;
    }

    /** The modality trained in phase A of stage {@code s}. */
    public int modalityOfStage(int stage) {
        return stage % modalities;
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        currentStage = stage(epoch);
        phaseB = isPhaseB(epoch);
        stageLrFactor = Math.pow(stageLrGamma, currentStage / stageLrStep);
        int key = currentStage * 2 + (phaseB ? 1 : 0);
        if (key == updaterKey) {
            return;
        }
        List<Parameter> group = new ArrayList<>();
        for (int m = 0; m < modalities; m++) {
            if (phaseB || m == modalityOfStage(currentStage)) {
                group.addAll(probe.encoderTrainable(m));
                for (Parameter p : network.headParameters(m)) {
                    if (!group.contains(p)) {
                        group.add(p);
                    }
                }
            }
        }
        updater = probe.newUpdater(group);
        updaterKey = key;
        if (pendingState != null && pendingKey == key) {
            try {
                updater.restoreState(pendingState);
            } catch (IOException e) {
                throw new UncheckedIOException("reconboost: restoring the phase optimiser", e);
            }
        }
        pendingState = null;
    }

    @Override
    public NDArray loss(BatchContext batch, NDArray defaultLoss) {
        ModelOutputs out = batch.outputs();
        if (phaseB) {
            NDArray sum = out.unimodal(0);
            for (int m = 1; m < modalities; m++) {
                sum = sum.add(out.unimodal(m));
            }
            return Objectives.crossEntropy(sum.mul(boostRate.getArray()), batch.oneHotLabels()).mean();
        }
        int m = modalityOfStage(currentStage);
        NDArray others = null;
        for (int j = 0; j < modalities; j++) {
            if (j != m && trainedBefore(j, currentStage)) {
                NDArray z = out.unimodal(j).stopGradient();
                others = others == null ? z : others.add(z);
            }
        }
        NDArray q = others == null ? null : others.mul(boostRate.getArray().stopGradient()).softmax(1);
        NDArray loss = boostLoss(out.unimodal(m), q, batch.oneHotLabels(), w1, w2).mean();
        if (currentStage >= 1 && alpha > 0) {
            int previous = modalityOfStage(currentStage - 1);
            NDArray pi = out.unimodal(m).softmax(1);
            NDArray prev = out.unimodal(previous).stopGradient().softmax(1);
            NDArray mse = (liveGa ? pi : pi.stopGradient()).sub(prev).square().mean();
            loss = loss.add(Scalars.times(mse, (float) alpha));
        }
        return loss;
    }

    /**
     * Whether modality {@code j}'s learner was trained in a stage before {@code stage}, i.e. is in the ensemble
     * (modality {@code j} is first trained in stage {@code j}).
     */
    private static boolean trainedBefore(int j, int stage) {
        return j < stage;
    }

    /**
     * Per-sample boosting loss {@code (w1 − w2 q_y)/K · CE(z, y)}, shape {@code {B}}.
     *
     * @param logits the current learner's logits {@code z} (with gradient)
     * @param ensemble {@code q = softmax(F_{−m})} without gradient, or {@code null} for {@code q ≡ 1} (empty ensemble)
     */
    public static NDArray boostLoss(NDArray logits, NDArray ensemble, NDArray oneHot, double w1, double w2) {
        long classes = logits.getShape().get(1);
        NDArray ce = Objectives.crossEntropy(logits, oneHot);
        NDArray weight = ensemble == null ? Scalars.times(ce.onesLike(), (float) ((w1 - w2) / classes))
                : Scalars.over(Scalars.times(ensemble.mul(oneHot).sum(new int[] {1}), (float) -w2).add((float) w1), (float) classes);
        return weight.mul(ce);
    }

    /** {@link #boostLoss} of one sample in plain Java; {@code ensemble} may be {@code null} ({@code q ≡ 1}). */
    public static double boostLoss(float[] logits, float[] ensemble, int label, double w1, double w2) {
        double[] p = Numerics.softmax(logits);
        double qy = ensemble == null ? 1 : Numerics.softmax(ensemble)[label];
        return (w1 - w2 * qy) / logits.length * -Math.log(p[label]);
    }

    @Override
    public void optimizerStep(BatchContext batch, double learningRate) {
        updater.step(learningRate * stageLrFactor);
        if (phaseB) {
            NDArray beta = boostRate.getArray();
            NDArray g = beta.getGradient();
            // beta is not a network parameter, so the phase optimiser does not see it: SGD below
            stepBoostRate(beta, g, learningRate * stageLrFactor);
        }
        batch.context().updater().zeroGradients();
    }

    /**
     * SGD with the run's momentum and weight decay on {@code β}, fresh momentum every phase B like the phase
     * optimiser (with Adam runs too: {@code β} is one scalar).
     */
    private void stepBoostRate(NDArray beta, NDArray gradient, double lr) {
        var settings = probe.context().updater().settings();
        double value = beta.getFloat();
        double d = gradient.getFloat() + settings.weightDecay() * value;
        if (boostMomentumKey != updaterKey) {
            boostMomentumKey = updaterKey;
            boostMomentumSet = false;
        }
        if (settings.momentum() > 0) {
            boostMomentum = boostMomentumSet ? settings.momentum() * boostMomentum + d : d;
            boostMomentumSet = true;
            d = boostMomentum;
        }
        beta.set(FloatBuffer.wrap(new float[] {(float) (value - lr * d)}));
        Scalars.timesInPlace(gradient, 0f);
    }

    @Override
    public NDArray prediction(ModelOutputs outputs) {
        NDArray sum = outputs.unimodal(0);
        for (int m = 1; m < modalities; m++) {
            sum = sum.add(outputs.unimodal(m));
        }
        NDManager manager = outputs.fused().getManager();
        return sum.mul(manager.create(boostRate.getArray().getFloat()));
    }

    /** The current boost rate {@code β}. */
    public double boostRate() {
        return boostRate.getArray().getFloat();
    }

    @Override
    public byte[] saveState() {
        return StateBytes.write(out -> {
            out.writeFloat(boostRate == null ? (float) initialBoostRate : boostRate.getArray().getFloat());
            // a restored optimiser state still waiting for its phase is saved as it was restored
            boolean pending = updater == null && pendingState != null;
            out.writeInt(pending ? pendingKey : updaterKey);
            StateBytes.writeBlock(out, pending ? pendingState : updater == null ? new byte[0] : updater.saveState());
            out.writeInt(boostMomentumKey);
            out.writeBoolean(boostMomentumSet);
            out.writeDouble(boostMomentum);
        });
    }

    @Override
    public void restoreState(byte[] state) {
        StateBytes.read(state, ID, in -> {
            boostRate.getArray().set(FloatBuffer.wrap(new float[] {in.readFloat()}));
            pendingKey = in.readInt();
            pendingState = StateBytes.readBlock(in);
            boostMomentumKey = in.readInt();
            boostMomentumSet = in.readBoolean();
            boostMomentum = in.readDouble();
            updater = null;
            updaterKey = -1;
        });
    }
}
