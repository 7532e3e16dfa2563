package dev.bss.spark.cli;

import dev.bss.data.io.CacheManifest;
import dev.bss.spark.prepare.DistributedPrepare;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bss spark prepare}: a paper-layout folder → a prepared cache, decoded on the cluster. */
@Command(name = "prepare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decode a paper-layout folder into a prepared cache on the cluster.",
                "The output is that of 'bss data prepare layout', byte for byte; the decoding is spread over the "
                        + "executors. SRC must be readable by every executor at the same path; the driver writes DST. A layout "
                        + "that fails 'bss data check' fails the job before anything is written, naming the first bad files."})
public final class SparkPrepareCommand implements Callable<Integer> {

    @Option(names = "--layout", required = true, paramLabel = "NAME", description = "crema-d, kinetics-sounds or vggsound.")
    String layout;

    @Parameters(index = "0", paramLabel = "SRC", description = "The dataset folder in the paper's layout.")
    Path source;

    @Parameters(index = "1", paramLabel = "DST", description = "The prepared folder to write (replaced when it exists).")
    Path target;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Layout option (e.g. image-size=224); repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        CacheManifest m = spark.run("prepare", s -> DistributedPrepare.prepare(s, layout, source, target, new LinkedHashMap<>(options)));
        StringBuilder counts = new StringBuilder();
        m.splits().forEach((k, v) -> counts.append(counts.length() == 0 ? "" : ", ").append(k).append(' ').append(v.count()));
        System.out.printf(java.util.Locale.ROOT, "%s prepared at %s: %s, %.1f s%n", layout, target, counts, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
