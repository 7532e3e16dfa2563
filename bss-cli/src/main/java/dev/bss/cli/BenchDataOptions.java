package dev.bss.cli;

import picocli.CommandLine.Option;

/**
 * The options every epoch benchmark shares (a picocli mixin): batch size, seed and the synthetic data's shapes, the
 * PyTorch peer's by default. {@link EpochBenchOptions} adds the training-set size and the epochs of one run;
 * {@code bss bench scaling} adds a list of sizes.
 */
class BenchDataOptions {

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--audio-shape", defaultValue = "1x40x100", description = "Audio shape (default ${DEFAULT-VALUE}).")
    String audioShape;

    @Option(names = "--image-shape", defaultValue = "1x28x28", description = "Image shape (default ${DEFAULT-VALUE}).")
    String imageShape;
}
