package dev.bss.experiments.fuzz;

import dev.bss.testkit.Mutator;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.experiments.run.EpochRecord;
import dev.bss.experiments.run.FinalSummary;
import dev.bss.experiments.run.MetricsCsv;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import dev.bss.experiments.spec.SpecInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The files a run reads: run specs (YAML and JSON, plus {@code --set} overrides), {@code metrics.csv} (read on
 * {@code --resume}) and {@code final.json} (read by reports). Mutated inputs must load or fail with the
 * project's typed errors: {@link SpecInputException} naming the file or the key, {@code MetricsFormatException}
 * naming file:line, an {@link IOException} naming the file for {@code final.json}.
 */
class RunFilesFuzzTest {

    private static final FuzzStats YAML = new FuzzStats("run spec YAML (mutated)");
    private static final FuzzStats JSON = new FuzzStats("run spec JSON (mutated)");
    private static final FuzzStats SET = new FuzzStats("run spec --set overrides (generated)");
    private static final FuzzStats METRICS = new FuzzStats("metrics.csv (mutated)");
    private static final FuzzStats FINAL = new FuzzStats("final.json (mutated)");
    private static final Path DIR;
    private static final String SPEC_YAML;
    private static final String SPEC_JSON;
    private static final String METRICS_CSV;
    private static final String FINAL_JSON;

    static {
        try {
            DIR = Files.createTempDirectory("bss-fuzz-run");
            SPEC_YAML = RunSpecLoader.defaultYaml();
            SPEC_JSON = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(new YAMLMapper().readTree(SPEC_YAML));
            String header = String.join(",", MetricsCsv.header(List.of("audio", "image")));
            StringBuilder m = new StringBuilder(header).append('\n');
            for (int e = 1; e <= 3; e++) {
                String[] cells = header.split(",", -1);
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = i == 0 ? Integer.toString(e) : Double.toString(0.1 * e + i / 100.0);
                }
                m.append(String.join(",", cells)).append('\n');
            }
            METRICS_CSV = m.toString();
            FINAL_JSON = "{\"run\":\"r\",\"method\":\"bss-l\",\"dataset\":\"synthetic\",\"seed\":1,\"epochs\":3,"
                + "\"modalities\":[\"audio\",\"image\"],\"best_on_validation\":{\"epoch\":2,\"val\":{\"acc\":0.5}},"
                + "\"last\":{\"epoch\":3,\"val\":{\"acc\":0.4},\"test\":{\"acc\":0.3}},\"seconds\":1.5}";
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static byte[] mutate(String valid, long seed) {
        return new SplittableRandom(seed).nextBoolean() ? Mutator.mutate(valid.getBytes(StandardCharsets.UTF_8), seed, 4)
            : Mutator.mutateText(valid, seed, 4);
    }

    private static void spec(long seed, boolean json) throws IOException {
        Path f = DIR.resolve(json ? "spec.json" : "spec.yaml");
        Files.write(f, mutate(json ? SPEC_JSON : SPEC_YAML, seed));
        FuzzStats stats = json ? JSON : YAML;
        try {
            RunSpec s = RunSpecLoader.load(f, List.of());
            assertTrue(s.epochs() >= 1);
            stats.accepted();
        } catch (SpecInputException e) {
            assertTrue(e.getMessage().contains(f.toString()) || !e.key().isEmpty(),
                "error names neither the file nor a key: " + e.getMessage());
            stats.rejected(e);
        }
    }

    @Property
    void yamlSpecsLoadOrFailTyped(@ForAll long seed) throws IOException {
        spec(seed, false);
    }

    @Property
    void jsonSpecsLoadOrFailTyped(@ForAll long seed) throws IOException {
        spec(seed, true);
    }

    @Property
    void overridesLoadOrFailTyped(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] keys = {"epochs", "seed", "method", "dataset", "batch-size", "optimizer.lr", "optimizer.momentum",
            "model.modalities", "model.loss-weights", "validation-fraction", "dataset-options.size", "method-options.x",
            "nonsense", "", "optimizer", "model.encoders.audio", "optimizer.step-lr.gamma"};
        String[] values = {"1", "0", "-1", "1e999", "NaN", "abc", "[audio, image]", "{a: 1}", "", "null", "true", "0.5",
            "2147483648", "[", "{", "'x'", "~", "9e-999"};
        String ov = keys[rng.nextInt(keys.length)] + (rng.nextInt(10) == 0 ? "" : "=") + values[rng.nextInt(values.length)];
        try {
            RunSpecLoader.load(null, List.of(ov));
            SET.accepted();
        } catch (SpecInputException e) {
            assertTrue(e.getMessage().contains(ov) || !e.key().isEmpty() || e.getMessage().contains("--set"),
                "error does not name the override or key: " + e.getMessage());
            SET.rejected(e);
        }
    }

    @Property
    void metricsLoadOrFailTyped(@ForAll long seed) throws IOException {
        Path f = DIR.resolve("metrics.csv");
        Files.write(f, mutate(METRICS_CSV, seed));
        try {
            for (EpochRecord r : MetricsCsv.read(f).rows()) {
                assertTrue(r.epoch() >= 1);
            }
            METRICS.accepted();
        } catch (MetricsCsv.MetricsFormatException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            METRICS.rejected(e);
        }
    }

    @Property
    void finalSummaryLoadsOrFailsTyped(@ForAll long seed) throws IOException {
        Path f = DIR.resolve("final.json");
        Files.write(f, mutate(FINAL_JSON, seed));
        try {
            FinalSummary.read(f);
            FINAL.accepted();
        } catch (IOException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            FINAL.rejected(e);
        }
    }

    @AfterContainer
    static void report() {
        YAML.print();
        JSON.print();
        SET.print();
        METRICS.print();
        FINAL.print();
    }
}
