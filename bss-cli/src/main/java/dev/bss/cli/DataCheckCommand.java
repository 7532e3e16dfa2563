package dev.bss.cli;

import dev.bss.data.layouts.LayoutCheck;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bss data check DIR --layout NAME}: validates a dataset folder without training. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a dataset folder in one of the paper's layouts: decode every sample, print counts per split",
                "and class and every problem (missing file, unreadable file, unknown label). Exit 1 when any is found."})
public final class DataCheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The dataset root.")
    Path root;

    @Option(names = "--layout", required = true, description = "crema-d, kinetics-sounds, vggsound, twitter2015, sarcasm or nvgesture.")
    String layout;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Layout option (e.g. image-size=32, frames=4); repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        LayoutCheck.Report r = LayoutCheck.run(layout, root, new LinkedHashMap<>(options));
        System.out.println(layout + " at " + root);
        for (Map.Entry<String, Map<String, Integer>> s : r.counts().entrySet()) {
            int total = s.getValue().values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder b = new StringBuilder();
            s.getValue().forEach((k, v) -> {
                if (v > 0) {
                    b.append(' ').append(k).append('=').append(v);
                }
            });
            System.out.println("  " + s.getKey() + ": " + total + " samples;" + b);
        }
        for (String w : r.warnings()) {
            System.out.println("  warning: " + w);
        }
        for (String p : r.problems()) {
            System.out.println("  problem: " + p);
        }
        System.out.println(r.ok() ? "OK" : r.problems().size() + " problem(s)");
        return r.ok() ? 0 : 1;
    }
}
