package dev.bss.experiments.suite;

import dev.bss.experiments.spec.RunSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * What a suite needs to plan its variants and report.
 *
 * @param suiteId the suite
 * @param baseSpec the spec every variant starts from (dataset, epochs, options of the command line)
 * @param seeds number of seeds (seeds are 1..seeds)
 * @param modalities modality names of the dataset, in order
 * @param methods every method id in the registry
 * @param dir the suite's output folder
 */
public record SuiteContext(String suiteId, RunSpec baseSpec, int seeds, List<String> modalities, List<String> methods, Path dir) {

    public SuiteContext {
        modalities = List.copyOf(modalities);
        methods = List.copyOf(methods);
    }

    public int epochs() {
        return baseSpec.epochs();
    }

    /**
     * {@code T_grow} scaled to the run length: the paper pairs {@code T_grow = 40} with roughly 100 epochs,
     * so this is {@code max(1, round(fraction · epochs))}.
     */
    public int scaledTGrow(double fraction) {
        return (int) Math.max(1, Math.round(fraction * epochs()));
    }
}
