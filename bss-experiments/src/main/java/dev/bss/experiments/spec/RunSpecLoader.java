package dev.bss.experiments.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads run specs: the commented defaults ({@code default-run.yaml}), then the named recipe if one is asked for
 * ({@code recipe:} in the file or {@code --set recipe=NAME}; {@link Recipes}), then an optional YAML or JSON file,
 * then {@code --set key=value} overrides, in that order, so explicit keys win over the recipe. Every key of the file
 * and of each override is checked against the defaults (unknown keys and wrong types are errors naming the key and
 * what is allowed); free-form maps ({@link #FREE_FORM}) accept any key and are validated later by the dataset
 * provider or method. Values are then range-checked, and a recipe whose dataset is not the spec's is refused.
 */
public final class RunSpecLoader {

    /** Dotted keys whose values are free-form maps. */
    public static final Set<String> FREE_FORM = Set.of("dataset-options", "method-options", "model.encoders");

    private static final String DEFAULTS_RESOURCE = "default-run.yaml";
    private static final YAMLMapper YAML = YAMLMapper.builder(
                    YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSpecLoader() {
    }

    /** The commented default spec, exactly as {@code bss train --print-default-config} prints it. */
    public static String defaultYaml() {
        try (InputStream in = RunSpecLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULTS_RESOURCE + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default tree (a fresh copy). */
    public static ObjectNode defaults() {
        try {
            return (ObjectNode) YAML.readTree(defaultYaml());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("default-run.yaml does not parse", e);
        }
    }

    /** The spec with every default and no overrides. */
    public static RunSpec defaultSpec() {
        return load(null, List.of());
    }

    /**
     * Loads a spec.
     *
     * @param file a {@code .yaml}/{@code .yml}/{@code .json} file, or {@code null} for defaults only
     * @param overrides {@code key=value} strings applied after the file; values are YAML scalars or flow
     *     collections ({@code 3}, {@code 0.1}, {@code true}, {@code [audio]}, {@code {size: small}})
     * @throws SpecInputException naming the file/override, the key and what is allowed
     * @throws UncheckedIOException when the file cannot be read
     */
    public static RunSpec load(Path file, List<String> overrides) {
        ObjectNode user = null;
        if (file != null) {
            JsonNode n = readFile(file);
            if (!(n instanceof ObjectNode obj)) {
                throw new SpecInputException("", file + ": a run spec must be a mapping of keys to values");
            }
            user = obj;
        }
        return resolve(user, file == null ? null : file.toString(), overrides);
    }

    /** Builds a spec from a full or partial tree (merged over the defaults and its recipe, if it names one). */
    public static RunSpec fromTree(ObjectNode partial, String source) {
        return resolve(partial, source, List.of());
    }

    /**
     * Applies overrides to an existing spec (used by the suite runner). An override {@code recipe=NAME} applies that
     * recipe over the base spec first, then the other overrides.
     */
    public static RunSpec withOverrides(RunSpec base, List<String> overrides) {
        ObjectNode tree = base.tree();
        String recipe = recipeName(null, overrides);
        if (recipe != null && !recipe.isEmpty()) {
            applyRecipe(tree, recipe);
        }
        for (String ov : overrides) {
            applyOverride(tree, ov);
        }
        return bind(tree);
    }

    /** Defaults, then the recipe the file or an override names, then the file, then the overrides. */
    private static RunSpec resolve(ObjectNode user, String source, List<String> overrides) {
        ObjectNode tree = defaults();
        String recipe = recipeName(user, overrides);
        if (recipe != null && !recipe.isEmpty()) {
            applyRecipe(tree, recipe);
        }
        if (user != null) {
            merge(tree, user, "", source);
        }
        for (String ov : overrides) {
            applyOverride(tree, ov);
        }
        return bind(tree);
    }

    /** The recipe name the last {@code recipe=} override or else the file gives; {@code null} when neither does. */
    private static String recipeName(ObjectNode user, List<String> overrides) {
        String name = null;
        if (user != null && user.get("recipe") != null) {
            name = user.get("recipe").asText();
        }
        for (String ov : overrides) {
            int eq = ov.indexOf('=');
            if (eq > 0 && ov.substring(0, eq).trim().equals("recipe")) {
                name = parseValue(ov.substring(eq + 1).trim()).asText();
            }
        }
        return name;
    }

    private static void applyRecipe(ObjectNode tree, String name) {
        Recipes.Recipe r = Recipes.get(name);
        merge(tree, r.spec(), "", "recipe " + name);
        tree.put("recipe", name);
    }

    static YAMLMapper yamlMapper() {
        return YAML;
    }

    static String toYaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            JsonNode n = name.endsWith(".json") ? JSON.readTree(text) : YAML.readTree(text);
            if (n == null || n.isMissingNode() || n.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            return n;
        } catch (NoSuchFileException e) {
            throw new SpecInputException("", "config file not found: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SpecInputException("", file + ": not UTF-8 text");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new SpecInputException("", file + ": malformed " + (name.endsWith(".json") ? "JSON" : "YAML") + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void applyOverride(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new SpecInputException("", "--set '" + override + "': expected key=value");
        }
        String key = override.substring(0, eq).trim();
        JsonNode value = parseValue(override.substring(eq + 1).trim());
        String[] parts = key.split("\\.");
        ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
        ObjectNode cur = wrapper;
        for (int i = 0; i < parts.length - 1; i++) {
            cur = cur.putObject(parts[i]);
        }
        cur.set(parts[parts.length - 1], value);
        merge(tree, wrapper, "", "--set " + key);
    }

    /** An override's value: a YAML scalar or flow collection, else the raw text. */
    private static JsonNode parseValue(String raw) {
        JsonNode value;
        try {
            value = raw.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(raw);
        } catch (JsonProcessingException e) {
            value = JsonNodeFactory.instance.textNode(raw);
        }
        if (value == null || value.isMissingNode()) {
            value = JsonNodeFactory.instance.textNode(raw);
        }
        return value;
    }

    /** Merges {@code user} into {@code target}, checking keys and types against what is already there. */
    private static void merge(ObjectNode target, ObjectNode user, String prefix, String source) {
        Iterator<Map.Entry<String, JsonNode>> it = user.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            if (FREE_FORM.contains(prefix)) {
                if (value == null || value.isNull()) {
                    throw new SpecInputException(key, "no value (" + source + ")");
                }
                target.set(e.getKey(), value.deepCopy());
                continue;
            }
            JsonNode def = target.get(e.getKey());
            if (def == null) {
                throw new SpecInputException(key, "unknown key (" + source + "); allowed keys"
                        + (prefix.isEmpty() ? "" : " under " + prefix) + ": " + String.join(", ", keys(target)));
            }
            if (value == null || value.isNull()) {
                throw new SpecInputException(key, "no value (" + source + "); expected " + kind(def, key));
            }
            if (def.isObject()) {
                if (!value.isObject()) {
                    throw new SpecInputException(key, "expected a mapping with keys " + String.join(", ", keys(def))
                            + " (" + source + "), got " + describe(value));
                }
                merge((ObjectNode) def, (ObjectNode) value, key, source);
            } else {
                target.set(e.getKey(), convert(def, value, key, source));
            }
        }
    }

    private static JsonNode convert(JsonNode def, JsonNode value, String key, String source) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (def.isIntegralNumber()) {
            if (value.isIntegralNumber()) {
                return value;
            }
            if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()) && !Double.isInfinite(value.asDouble())) {
                return f.numberNode(value.asLong());
            }
        } else if (def.isNumber()) {
            if (value.isNumber()) {
                return f.numberNode(value.asDouble());
            }
            if (value.isTextual()) {
                try {
                    return f.numberNode(Double.parseDouble(value.asText()));
                } catch (NumberFormatException ignored) {
                    // fall through to the error
                }
            }
        } else if (def.isBoolean()) {
            if (value.isBoolean()) {
                return value;
            }
        } else if (def.isTextual()) {
            if (value.isTextual()) {
                return value;
            }
        } else if (def.isArray()) {
            if (value.isArray()) {
                return value;
            }
            if (value.isTextual()) {
                ArrayNode a = f.arrayNode();
                for (String s : value.asText().split(",")) {
                    if (!s.isBlank()) {
                        a.add(s.trim());
                    }
                }
                return a;
            }
        }
        throw new SpecInputException(key, "expected " + kind(def, key) + " (" + source + "), got " + describe(value));
    }

    private static String kind(JsonNode def, String key) {
        if (def.isObject()) {
            return FREE_FORM.contains(key) ? "a mapping" : "a mapping with keys " + String.join(", ", keys(def));
        }
        if (def.isIntegralNumber()) {
            return "an integer";
        }
        if (def.isNumber()) {
            return "a number";
        }
        if (def.isBoolean()) {
            return "true or false";
        }
        if (def.isArray()) {
            return "a list";
        }
        return "a string";
    }

    private static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return "'" + v.asText() + "'";
    }

    private static List<String> keys(JsonNode obj) {
        List<String> out = new ArrayList<>();
        obj.fieldNames().forEachRemaining(out::add);
        return out;
    }

    // ------------------------------------------------------------------ binding and range checks

    private static RunSpec bind(ObjectNode t) {
        String dataset = id(t, "dataset");
        String recipe = t.get("recipe").asText();
        if (!recipe.isEmpty()) {
            Recipes.Recipe r = Recipes.get(recipe);
            if (!r.dataset().equals(dataset)) {
                throw new SpecInputException("recipe", "recipe '" + recipe + "' is for dataset '" + r.dataset()
                        + "', but the spec's dataset is '" + dataset + "'; drop the dataset key or pick a recipe for it");
            }
        }
        double valFrac = t.get("validation-fraction").asDouble();
        if (!(valFrac >= 0 && valFrac < 1)) {
            throw new SpecInputException("validation-fraction", "must be in [0, 1) (0 = no validation), got " + valFrac);
        }
        int trainLimit = (int) atLeast(t.get("train-limit").asLong(), 0, "train-limit");
        String method = id(t, "method");
        JsonNode m = t.get("model");
        Map<String, String> encoders = new LinkedHashMap<>();
        m.get("encoders").fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new SpecInputException("model.encoders." + e.getKey(), "expected an encoder preset name, got " + describe(e.getValue()));
            }
            encoders.put(e.getKey(), e.getValue().asText());
        });
        List<String> modalities = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (JsonNode n : m.get("modalities")) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new SpecInputException("model.modalities", "expected modality names, got " + describe(n));
            }
            if (!seen.add(n.asText())) {
                throw new SpecInputException("model.modalities", "modality '" + n.asText() + "' listed twice");
            }
            modalities.add(n.asText());
        }
        String fusion = oneOf(m, "model", "fusion", RunSpec.FUSIONS);
        double fusedW = nonNegative(m.get("loss-weights").get("fused").asDouble(), "model.loss-weights.fused");
        double uniW = nonNegative(m.get("loss-weights").get("unimodal").asDouble(), "model.loss-weights.unimodal");
        if (fusedW == 0 && uniW == 0) {
            throw new SpecInputException("model.loss-weights", "fused and unimodal weights are both 0: nothing to train");
        }
        String testHeads = oneOf(m, "model", "test-heads", RunSpec.TEST_HEADS);
        RunSpec.Model model = new RunSpec.Model(encoders, modalities, fusion, fusedW, uniW, testHeads);

        JsonNode o = t.get("optimizer");
        String opt = oneOf(o, "optimizer", "name", RunSpec.OPTIMIZERS);
        double lr = o.get("lr").asDouble();
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new SpecInputException("optimizer.lr", "must be a positive number, got " + lr);
        }
        double momentum = o.get("momentum").asDouble();
        if (!(momentum >= 0 && momentum < 1)) {
            throw new SpecInputException("optimizer.momentum", "must be in [0, 1), got " + momentum);
        }
        double wd = nonNegative(o.get("weight-decay").asDouble(), "optimizer.weight-decay");
        int step = (int) atLeast(o.get("step-lr").get("step").asLong(), 0, "optimizer.step-lr.step");
        double gamma = o.get("step-lr").get("gamma").asDouble();
        if (!(gamma > 0 && gamma <= 1)) {
            throw new SpecInputException("optimizer.step-lr.gamma", "must be in (0, 1], got " + gamma);
        }
        RunSpec.Optimizer optimizer = new RunSpec.Optimizer(opt, lr, momentum, wd, step, gamma);

        int batch = (int) atLeast(t.get("batch-size").asLong(), 1, "batch-size");
        int epochs = (int) atLeast(t.get("epochs").asLong(), 1, "epochs");
        long seed = t.get("seed").asLong();
        RunSpec.Scoring scoring = new RunSpec.Scoring(oneOf(t.get("scoring"), "scoring", "mode", RunSpec.SCORING_MODES),
                (int) atLeast(t.get("scoring").get("batch-size").asLong(), 0, "scoring.batch-size"),
                t.get("scoring").get("table").asText());
        if (scoring.mode().equals("table") == scoring.table().isBlank()) {
            throw new SpecInputException(scoring.table().isBlank() ? "scoring.table" : "scoring.mode", scoring.table().isBlank()
                    ? "scoring.mode 'table' needs the score tables' folder (bss spark score writes it)"
                    : "a score table is read only with scoring.mode 'table', not '" + scoring.mode() + "'");
        }
        RunSpec.Evaluation evaluation = new RunSpec.Evaluation(
                (int) atLeast(t.get("evaluation").get("precise-bn-batches").asLong(), 0, "evaluation.precise-bn-batches"));
        RunSpec.Outputs outputs = new RunSpec.Outputs(t.get("outputs").get("per-sample-scores").asBoolean(),
                (int) atLeast(t.get("outputs").get("checkpoint-every").asLong(), 0, "outputs.checkpoint-every"),
                t.get("outputs").get("linear-probe").asBoolean());
        int threads = (int) atLeast(t.get("threads").asLong(), 0, "threads");
        JsonNode a = t.get("augmentation");
        double scaleMin = a.get("crop-scale-min").asDouble();
        double scaleMax = a.get("crop-scale-max").asDouble();
        if (!(scaleMin > 0 && scaleMin <= 1)) {
            throw new SpecInputException("augmentation.crop-scale-min", "must be in (0, 1], got " + scaleMin);
        }
        if (!(scaleMax >= scaleMin && scaleMax <= 1)) {
            throw new SpecInputException("augmentation.crop-scale-max", "must be in [crop-scale-min, 1] = [" + scaleMin + ", 1], got " + scaleMax);
        }
        RunSpec.Augmentation augmentation = new RunSpec.Augmentation(a.get("random-resized-crop").asBoolean(), scaleMin, scaleMax,
                a.get("horizontal-flip").asBoolean());
        return new RunSpec(dataset, toMap(t.get("dataset-options")), valFrac, trainLimit, method, toMap(t.get("method-options")),
                model, optimizer, batch, epochs, seed, scoring, evaluation, outputs, threads, augmentation, recipe, t);
    }

    private static Map<String, Object> toMap(JsonNode n) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(n, LinkedHashMap.class);
        return map;
    }

    private static String id(JsonNode t, String key) {
        String v = t.get(key).asText();
        if (!v.matches("[a-z0-9][a-z0-9+._-]*")) {
            throw new SpecInputException(key, "expected a kebab-case id such as "
                    + (key.equals("dataset") ? "synthetic or av-digits" : "vanilla or bss-l") + ", got '" + v + "'");
        }
        return v;
    }

    private static String oneOf(JsonNode parent, String prefix, String key, List<String> allowed) {
        String v = parent.get(key).asText();
        if (!allowed.contains(v)) {
            throw new SpecInputException(prefix + "." + key, "unknown value '" + v + "'; allowed: " + String.join(", ", allowed));
        }
        return v;
    }

    private static double nonNegative(double v, String key) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new SpecInputException(key, "must be a finite number >= 0, got " + v);
        }
        return v;
    }

    private static long atLeast(long v, long min, String key) {
        if (v < min) {
            throw new SpecInputException(key, "must be >= " + min + ", got " + v);
        }
        if (v > Integer.MAX_VALUE && !key.equals("seed")) {
            throw new SpecInputException(key, "too large: " + v);
        }
        return v;
    }
}
