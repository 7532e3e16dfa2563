package dev.bss.data.layouts;

import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Validates a folder in one of the paper's layouts without training: indexes it, decodes every sample,
 * and reports counts per split and class plus every problem (missing file, unreadable file, unknown
 * label). Layouts are found by id among the service-loaded {@link PaperLayout}s.
 */
public final class LayoutCheck {

    private LayoutCheck() {
    }

    /**
     * @param counts split → class name → samples that decoded
     * @param problems every problem, naming file and line
     * @param warnings facts that do not fail the check
     */
    public record Report(String layout, Path root, Map<String, Map<String, Integer>> counts, List<String> problems, List<String> warnings) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** The layout with id {@code name}. */
    public static PaperLayout layout(String name) {
        for (dev.bss.engine.data.DatasetProvider p : ServiceLoader.load(dev.bss.engine.data.DatasetProvider.class)) {
            if (p instanceof PaperLayout l && l.id().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + name + "'; known: " + names());
    }

    public static List<String> names() {
        return ServiceLoader.load(dev.bss.engine.data.DatasetProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof PaperLayout).map(dev.bss.engine.data.DatasetProvider::id).sorted().toList();
    }

    public static Report run(String layoutName, Path root, Map<String, Object> options) throws IOException {
        PaperLayout layout = layout(layoutName);
        Map<String, Object> raw = new LinkedHashMap<>(options);
        raw.put("root", root.toString());
        ProviderOptions o = layout.options(raw);
        Problems p = new Problems();
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        PaperLayout.Index ix;
        try {
            ix = layout.index(root, o, p);
        } catch (DataFormatException e) {
            p.add(e.getMessage());
            return new Report(layoutName, root, counts, p.problems(), p.warnings());
        }
        for (Map.Entry<String, List<LayoutEntry>> s : ix.splits().entrySet()) {
            Map<String, Integer> perClass = new LinkedHashMap<>();
            for (String c : ix.classNames()) {
                perClass.put(c, 0);
            }
            for (LayoutEntry e : s.getValue()) {
                try {
                    layout.decode(e, ix, o);
                    perClass.merge(ix.classNames().get(e.label()), 1, Integer::sum);
                } catch (DataFormatException ex) {
                    p.add(e.where() + ": " + ex.getMessage());
                }
            }
            if (perClass.values().stream().mapToInt(Integer::intValue).sum() == 0) {
                p.add(root + ": split '" + s.getKey() + "' has no usable sample");
            }
            counts.put(s.getKey(), perClass);
        }
        return new Report(layoutName, root, counts, p.problems(), p.warnings());
    }
}
