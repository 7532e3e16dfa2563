package dev.bss.experiments.run;

import dev.bss.experiments.spec.RunSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains one run. The engine-backed implementation is {@link EngineBackend}; this module never trains
 * anything itself. The backend owns the data, the model and the checkpoints under
 * {@code runDir/checkpoints/}; everything else in the run directory is written by {@link TrainingRun}
 * from the {@link RunSink} calls.
 */
public interface TrainingBackend {

    /**
     * Trains {@code spec.epochs()} epochs, or the remaining ones after the last checkpoint when
     * {@code resume} is true.
     *
     * @throws IllegalArgumentException when the spec does not fit the data (e.g. batch larger than the
     *     training set, fewer than two modalities for a BSS method), before any training
     */
    void train(RunSpec spec, Path runDir, boolean resume, RunSink sink) throws IOException;

    /** The modality names of the spec's dataset, in dataset order (used to plan uni-only runs). */
    java.util.List<String> modalityNames(RunSpec spec) throws IOException;

    /** Every method id the backend can train (the registry), for suites that run them all. */
    java.util.List<String> methodIds();
}
