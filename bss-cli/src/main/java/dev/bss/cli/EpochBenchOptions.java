package dev.bss.cli;

import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.SyntheticDatasetProvider;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.OptimizerSettings;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.methods.MethodRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The data and model of {@code bss bench epoch} and of its one-model child ({@link BenchOneModelCommand}): synthetic
 * data of the PyTorch peer's shapes, the two-tower {@code small-cnn}, SGD (learning rate 0.01, momentum 0.9, weight
 * decay 10⁻⁴). Each trainer is built for the warm-up epoch plus the measured ones. Batch, seed and shapes come from
 * {@link BenchDataOptions}.
 */
final class EpochBenchOptions extends BenchDataOptions {

    @Option(names = "--n", defaultValue = "4096", description = "Training samples (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--epochs", defaultValue = "3", description = "Measured epochs per method, after one warm-up round (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--eval-batch", defaultValue = "64",
            description = "Batch size of the eval-mode scoring pass (default ${DEFAULT-VALUE}, the engine's default).")
    int evalBatch;

    /** One run of {@code n} samples with {@code data}'s batch, seed and shapes (evaluation batch 64, the default). */
    static EpochBenchOptions of(int n, int epochs, BenchDataOptions data) {
        EpochBenchOptions o = new EpochBenchOptions();
        o.n = n;
        o.epochs = epochs;
        o.evalBatch = 64;
        o.batch = data.batch;
        o.seed = data.seed;
        o.audioShape = data.audioShape;
        o.imageShape = data.imageShape;
        return o;
    }

    /** Throws a bad-input error when the sizes or shapes are out of range. */
    void validate() {
        if (n < batch || batch < 1 || epochs < 1) {
            throw new IllegalArgumentException("bench epoch: need --n >= --batch >= 1 and --epochs >= 1");
        }
        parseShape(audioShape);
        parseShape(imageShape);
    }

    /** Samples an epoch trains on, the bench's throughput numerator: whole batches only, {@code ⌊n / batch⌋ · batch}. */
    int trainedSamples() {
        return (n / batch) * batch;
    }

    /** The synthetic training set (n samples, 10 classes) of these shapes and seed. */
    DatasetSplits data() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seed", seed);
        data.put("train-size", n);
        data.put("val-size", 0);
        data.put("test-size", 1);
        data.put("classes", 10);
        data.put("audio-shape", audioShape);
        data.put("image-shape", imageShape);
        return new SyntheticDatasetProvider().load(data);
    }

    /**
     * A trainer of {@code name}: {@code vanilla} (the method {@code vanilla-uni}) or {@code bss-l[MODE]} (bss-l with
     * that scoring mode), for 1 + {@link #epochs} epochs.
     */
    MultimodalTrainer trainer(DatasetSplits splits, String name) {
        String method = name.equals("vanilla") ? "vanilla-uni" : "bss-l";
        Map<String, Object> options = new LinkedHashMap<>();
        if (!name.equals("vanilla")) {
            options.put("scoring", name.substring(name.indexOf('[') + 1, name.indexOf(']')));
        }
        return MultimodalTrainer.builder()
                .setTrainSet(splits.train())
                .setMethod(MethodRegistry.create(method, options))
                .setConfig(TrainerConfig.builder().setEpochs(epochs + 1).setBatchSize(batch).optSeed(seed)
                        .optEvaluationBatchSize(evalBatch).build())
                .optModelConfig(ModelConfig.builder().optEncoder("*", "small-cnn").build())
                .optOptimizer(OptimizerSettings.builder().optLearningRate(0.01).optMomentum(0.9).optWeightDecay(1e-4).build())
                .build();
    }

    /** These options as command-line arguments (for a child process). */
    List<String> arguments() {
        return List.of("--n", Integer.toString(n), "--batch", Integer.toString(batch), "--epochs", Integer.toString(epochs),
                "--eval-batch", Integer.toString(evalBatch), "--seed", Long.toString(seed), "--audio-shape", audioShape,
                "--image-shape", imageShape);
    }

    /** {@code CxHxW} as numbers. */
    static long[] parseShape(String s) {
        String[] parts = s.split("x");
        long[] out = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Long.parseLong(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench epoch: a shape is CxHxW, got " + s);
        }
        if (out.length != 3) {
            throw new IllegalArgumentException("bench epoch: a shape is CxHxW, got " + s);
        }
        return out;
    }
}
