package dev.bss.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipes: values pinned to the tables of {@code docs/recipes.md}, precedence, and the refusals. */
class RecipesTest {

    static final Path DOC = Path.of("../docs/recipes.md");

    @TempDir
    Path tmp;

    /** Every table of the doc whose first column is "recipe": recipe name → (column header → cell). */
    static Map<String, Map<String, String>> docTables() throws IOException {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        List<String> header = null;
        for (String line : Files.readAllLines(DOC)) {
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> cells = cells(line);
            if (cells.get(0).equals("recipe")) {
                header = cells;
            } else if (header != null && !cells.get(0).startsWith("---")) {
                Map<String, String> row = rows.computeIfAbsent(unquote(cells.get(0)), k -> new LinkedHashMap<>());
                for (int i = 1; i < header.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
            }
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.strip().substring(1, line.strip().length() - 1);
        List<String> out = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    private static String unquote(String s) {
        return s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
    }

    /** A resolved value as the doc writes it: maps as {@code k: v, k: v} (or {} when empty), scalars as text. */
    private static String render(JsonNode n) {
        if (n.isObject()) {
            if (n.isEmpty()) {
                return "{}";
            }
            List<String> parts = new ArrayList<>();
            n.fields().forEachRemaining(e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
            return String.join(", ", parts);
        }
        return n.asText();
    }

    private static boolean same(String cell, JsonNode value) {
        if (value.isNumber()) {
            return Double.parseDouble(cell) == value.asDouble();
        }
        return cell.equals(render(value));
    }

    /** Dotted leaf keys of a recipe; the free-form maps count as leaves. */
    private static void leaves(JsonNode n, String prefix, Set<String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject() && !RunSpecLoader.FREE_FORM.contains(key)) {
                leaves(e.getValue(), key, out);
            } else {
                out.add(key);
            }
        }
    }

    @Test
    void everyRecipeMatchesTheTablesInTheDocs() throws IOException {
        Map<String, Map<String, String>> table = docTables();
        assertEquals(Recipes.names(), new ArrayList<>(table.keySet()), "one row per recipe, in file order");
        for (Recipes.Recipe r : Recipes.all()) {
            Map<String, String> row = table.get(r.name());
            RunSpec spec = RunSpecLoader.load(null, List.of("recipe=" + r.name()));
            assertEquals(r.source(), row.get("source"), r.name());
            Set<String> pinned = new LinkedHashSet<>();
            for (Map.Entry<String, String> c : row.entrySet()) {
                if (!c.getKey().startsWith("`")) {
                    continue;
                }
                String key = unquote(c.getKey());
                pinned.add(key);
                JsonNode value = spec.at(key);
                assertTrue(value != null && same(c.getValue(), value),
                        r.name() + " " + key + ": docs say '" + c.getValue() + "', the recipe resolves to '" + (value == null ? null : render(value)) + "'");
            }
            Set<String> set = new LinkedHashSet<>();
            leaves(r.spec(), "", set);
            set.removeAll(pinned);
            assertTrue(set.isEmpty(), r.name() + " sets keys the docs' tables do not list: " + set);
        }
    }

    @Test
    void theSixDatasetsHaveARecipeEach() {
        for (String name : List.of("crema-d", "kinetics-sounds", "vggsound", "twitter2015", "sarcasm", "nvgesture")) {
            assertEquals(name, Recipes.get(name).dataset());
            assertEquals(name, Recipes.get(name + "-cl").dataset());
        }
    }

    @Test
    void explicitKeysWinOverTheRecipeAndTheResolvedSpecRereadsTheSame() throws IOException {
        Path file = tmp.resolve("run.yaml");
        Files.writeString(file, "recipe: crema-d\nepochs: 3\nmodel:\n  test-heads: fused\n");
        RunSpec s = RunSpecLoader.load(file, List.of("batch-size=8"));
        assertEquals("crema-d", s.recipe());
        assertEquals(3, s.epochs(), "the file wins");
        assertEquals(8, s.batchSize(), "--set wins");
        assertEquals("fused", s.model().testHeads());
        assertEquals(0.1, s.model().fusedLossWeight(), 0, "untouched recipe keys stay");
        assertEquals("resnet18", s.model().encoders().get("audio"));
        assertTrue(s.augmentation().randomResizedCrop() && s.augmentation().horizontalFlip());
        Path back = tmp.resolve("spec.yaml");
        Files.writeString(back, s.toYaml());
        assertEquals(s.tree(), RunSpecLoader.load(back, List.of()).tree());
        // --set recipe= after a file's recipe wins
        assertEquals("sarcasm", RunSpecLoader.load(null, List.of("recipe=sarcasm")).dataset());
        assertEquals("adam", RunSpecLoader.withOverrides(RunSpecLoader.defaultSpec(), List.of("recipe=sarcasm")).optimizer().name());
    }

    @Test
    void noRecipeIsTheDefault() {
        RunSpec s = RunSpecLoader.defaultSpec();
        assertEquals("", s.recipe());
        assertTrue(!s.augmentation().enabled(), "augmentation is off by default");
    }

    @Test
    void anUnknownRecipeNamesTheKnownOnes() {
        SpecInputException e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("recipe=crema")));
        assertEquals("recipe", e.key());
        assertTrue(e.getMessage().contains("unknown recipe 'crema'") && e.getMessage().contains("crema-d, crema-d-cl, kinetics-sounds"), e.getMessage());
    }

    @Test
    void aRecipeForAnotherDatasetIsRefusedWithBothNames() {
        SpecInputException e = assertThrows(SpecInputException.class,
                () -> RunSpecLoader.load(null, List.of("recipe=crema-d", "dataset=av-digits")));
        assertEquals("recipe", e.key());
        assertTrue(e.getMessage().contains("'crema-d'") && e.getMessage().contains("'av-digits'"), e.getMessage());
        ObjectNode partial = RunSpecLoader.defaults().objectNode();
        partial.put("recipe", "sarcasm");
        partial.put("dataset", "twitter2015");
        assertThrows(SpecInputException.class, () -> RunSpecLoader.fromTree(partial, "test"));
    }

    @Test
    void augmentationScalesAreRangeChecked() {
        SpecInputException e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("augmentation.crop-scale-min=0")));
        assertEquals("augmentation.crop-scale-min", e.key());
        e = assertThrows(SpecInputException.class,
                () -> RunSpecLoader.load(null, List.of("augmentation.crop-scale-min=0.5", "augmentation.crop-scale-max=0.4")));
        assertEquals("augmentation.crop-scale-max", e.key());
    }
}
