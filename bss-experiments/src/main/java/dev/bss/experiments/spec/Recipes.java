package dev.bss.experiments.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named recipes: for each dataset of the paper, every run-spec key the official BSS script sets ({@code recipes.yaml};
 * table and what no key reproduces in {@code docs/recipes.md}). {@code <dataset>} is the dataset's
 * {@code train-SPL.py} (bss-l), {@code <dataset>-cl} its {@code train-CL.py} (bss-h). {@link RunSpecLoader} applies a
 * recipe over the defaults and under the keys of the config file and of {@code --set}.
 */
public final class Recipes {

    private static final String RESOURCE = "recipes.yaml";
    private static final Map<String, Recipe> RECIPES = read();

    private Recipes() {
    }

    /**
     * One recipe.
     *
     * @param name stable kebab-case name ({@code crema-d})
     * @param source the official script it transcribes, relative to the BSS repository ({@code CREMA-D/train-SPL.py})
     * @param description one line for {@code bss recipes}
     * @param spec the run-spec keys it sets (a partial tree, merged like a config file)
     */
    public record Recipe(String name, String source, String description, ObjectNode spec) {

        public Recipe {
            spec = spec.deepCopy();
        }

        @Override
        public ObjectNode spec() {
            return spec.deepCopy();
        }

        /** The dataset id the recipe is for. */
        public String dataset() {
            return spec.get("dataset").asText();
        }

        /** The method id it trains. */
        public String method() {
            return spec.get("method").asText();
        }
    }

    /** Every recipe, in file order. */
    public static List<Recipe> all() {
        return new ArrayList<>(RECIPES.values());
    }

    /** The recipe names, in file order. */
    public static List<String> names() {
        return new ArrayList<>(RECIPES.keySet());
    }

    /**
     * The recipe with this name.
     *
     * @throws SpecInputException on key {@code recipe}, naming the known recipes
     */
    public static Recipe get(String name) {
        Recipe r = RECIPES.get(name);
        if (r == null) {
            throw new SpecInputException("recipe", "unknown recipe '" + name + "'; known: " + String.join(", ", RECIPES.keySet()));
        }
        return r;
    }

    private static Map<String, Recipe> read() {
        JsonNode root;
        try (InputStream in = Recipes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the classpath");
            }
            root = RunSpecLoader.yamlMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Map<String, Recipe> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode r = e.getValue();
            if (!(r.get("spec") instanceof ObjectNode spec) || !r.path("source").isTextual() || !spec.path("dataset").isTextual()
                    || !spec.path("method").isTextual()) {
                throw new IllegalStateException(RESOURCE + ": recipe '" + e.getKey() + "' needs source, description and a spec with dataset and method");
            }
            out.put(e.getKey(), new Recipe(e.getKey(), r.get("source").asText(), r.path("description").asText(), spec));
        }
        return out;
    }
}
