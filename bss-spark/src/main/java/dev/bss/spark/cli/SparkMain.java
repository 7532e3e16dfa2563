package dev.bss.spark.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Main class for {@code spark-submit}: {@code spark-submit --class dev.bss.spark.cli.SparkMain ... score --run R} runs
 * {@code bss spark score --run R} with the {@code bss} command's error handling (one line, exit code 2 on bad input).
 */
public final class SparkMain {

    private SparkMain() {
    }

    public static void main(String[] args) {
        List<String> all = new ArrayList<>(List.of("spark"));
        all.addAll(List.of(args));
        System.exit(dev.bss.cli.Main.run(all.toArray(String[]::new)));
    }
}
