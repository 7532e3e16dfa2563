package dev.bss.experiments.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The resolved description of one training run: every default filled in and validated. Built only by
 * {@link RunSpecLoader}; {@link #tree()} is the exact YAML tree written to {@code spec.yaml}, so a run
 * directory is enough to rerun it ({@code bss train --config RUN/spec.yaml}).
 *
 * @param dataset dataset provider id
 * @param datasetOptions options for the provider (free-form)
 * @param validationFraction fraction of train carved off as validation when the dataset has none, in [0, 1); 0 = no
 *     validation at all (no carve, a dataset's own validation split is not evaluated)
 * @param trainLimit at most this many training samples (stratified, seeded subset); 0 = all
 * @param method method id from the registry
 * @param methodOptions options for the method (free-form)
 * @param model encoders, modality subset, fusion, loss weights, test heads
 * @param optimizer optimiser and learning-rate schedule
 * @param batchSize mini-batch size, at least 1
 * @param epochs number of epochs, at least 1
 * @param seed seed of every random choice
 * @param scoring scoring-pass settings
 * @param evaluation evaluation settings
 * @param outputs what the run directory holds besides metrics
 * @param threads engine intra-op threads (0 = launcher default)
 * @param augmentation training-time image augmentation
 * @param recipe the named recipe applied under the explicit keys ({@code ""} = none; see {@link Recipes})
 */
public record RunSpec(String dataset, Map<String, Object> datasetOptions, double validationFraction, int trainLimit,
                      String method, Map<String, Object> methodOptions, Model model, Optimizer optimizer,
                      int batchSize, int epochs, long seed, Scoring scoring, Evaluation evaluation, Outputs outputs, int threads,
                      Augmentation augmentation, String recipe, ObjectNode tree) {

    /** Allowed values of {@code optimizer.name}. */
    public static final List<String> OPTIMIZERS = List.of("sgd", "adam");
    /** Allowed values of {@code model.fusion}. */
    public static final List<String> FUSIONS = List.of("concat", "sum", "weighted", "film", "gated");
    /** Allowed values of {@code model.test-heads}. */
    public static final List<String> TEST_HEADS = List.of("trained", "fused", "sum-all", "sum-unimodal");
    /** Allowed values of {@code scoring.mode}. */
    public static final List<String> SCORING_MODES = List.of("preset", "pass", "reference-code", "online", "table");

    public RunSpec {
        datasetOptions = Map.copyOf(datasetOptions);
        methodOptions = Map.copyOf(methodOptions);
        tree = tree.deepCopy();
    }

    @Override
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** The resolved spec as YAML (what {@code spec.yaml} holds). */
    public String toYaml() {
        return RunSpecLoader.toYaml(tree);
    }

    /** The value at a dotted key of the resolved tree, or {@code null}. */
    public JsonNode at(String dottedKey) {
        JsonNode n = tree;
        for (String part : dottedKey.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    /**
     * Model settings.
     *
     * @param encoders encoder preset per modality name (empty = engine default per kind)
     * @param modalities modality subset to train and test on (empty = all)
     * @param fusion fusion of the unimodal embeddings
     * @param fusedLossWeight weight of CE(fused head)
     * @param unimodalLossWeight weight of each CE(unimodal head)
     * @param testHeads which logits make the test prediction
     */
    public record Model(Map<String, String> encoders, List<String> modalities, String fusion,
                        double fusedLossWeight, double unimodalLossWeight, String testHeads) {
        public Model {
            encoders = Map.copyOf(encoders);
            modalities = List.copyOf(modalities);
        }
    }

    /**
     * Optimiser settings.
     *
     * @param name sgd or adam
     * @param lr learning rate, positive
     * @param momentum SGD momentum in [0, 1)
     * @param weightDecay L2 weight decay, non-negative
     * @param stepLrStep epochs between learning-rate drops (0 = constant)
     * @param stepLrGamma factor of each drop in (0, 1]
     */
    public record Optimizer(String name, double lr, double momentum, double weightDecay, int stepLrStep,
                            double stepLrGamma) {

        /** The learning rate in effect during {@code epoch} (counted from 1): {@code lr · gamma^floor((epoch-1)/step)}. */
        public double lrAt(int epoch) {
            if (stepLrStep <= 0) {
                return lr;
            }
            return lr * Math.pow(stepLrGamma, Math.floorDiv(epoch - 1, stepLrStep));
        }
    }

    /**
     * Training-time augmentation of IMAGE modalities (torchvision {@code RandomResizedCrop} then
     * {@code RandomHorizontalFlip(0.5)}).
     *
     * @param randomResizedCrop crop a random region and resize it back
     * @param cropScaleMin smallest area fraction of the crop, in (0, cropScaleMax]
     * @param cropScaleMax largest area fraction of the crop, in [cropScaleMin, 1]
     * @param horizontalFlip mirror with probability 1/2
     */
    public record Augmentation(boolean randomResizedCrop, double cropScaleMin, double cropScaleMax, boolean horizontalFlip) {

        /** Whether any augmentation is on. */
        public boolean enabled() {
            return randomResizedCrop || horizontalFlip;
        }
    }

    /**
     * @param mode preset, pass, reference-code, online or table
     * @param batchSize scoring batch size, 0 = the mode's default (training batch for reference-code, 64 for pass)
     * @param table with mode table: the folder of {@code epoch-NNN.csv} score tables (or one table); else empty
     */
    public record Scoring(String mode, int batchSize, String table) {
        public Scoring(String mode, int batchSize) {
            this(mode, batchSize, "");
        }
    }

    /**
     * @param preciseBnBatches training batches from which BatchNorm statistics are recomputed before each evaluation
     *     (0 = off, the running averages)
     */
    public record Evaluation(int preciseBnBatches) {
    }

    /**
     * @param perSampleScores write {@code scores/epoch-NNN.csv}
     * @param checkpointEvery checkpoint period in epochs (0 = never)
     * @param linearProbe after training, fit a linear probe on each frozen encoder ({@code probe_acc_<m>})
     */
    public record Outputs(boolean perSampleScores, int checkpointEvery, boolean linearProbe) {
    }
}
