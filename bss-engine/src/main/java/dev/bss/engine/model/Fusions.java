package dev.bss.engine.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry of {@link Fusion}s by id. Ships {@code concat} (the paper's "Concat": one Linear layer on the
 * concatenated embeddings, {@code out_mm = W [e_1; ...; e_M] + b}); other fusions register themselves, or are found
 * with {@link java.util.ServiceLoader} when this class loads.
 */
public final class Fusions {

    private static final Map<String, Fusion> REGISTRY = new ConcurrentHashMap<>();

    /** Late fusion by concatenation followed by one linear layer. */
    public static final Fusion CONCAT = new Fusion() {
        @Override
        public String id() {
            return "concat";
        }

        @Override
        public Block build(int[] embeddingSizes, int numClasses) {
            return new SequentialBlock()
                    .add(list -> list.size() == 1 ? list : new NDList(NDArrays.concat(list, 1)))
                    .add(Linear.builder().setUnits(numClasses).build());
        }
    };

    static {
        register(CONCAT);
        // Fusions contributed by other modules (e.g. bss-methods' sum/weighted/film/gated) via
        // META-INF/services/dev.bss.engine.model.Fusion.
        for (Fusion f : java.util.ServiceLoader.load(Fusion.class, Fusions.class.getClassLoader())) {
            register(f);
        }
    }

    private Fusions() {
    }

    /** Adds (or replaces) a fusion under its id. */
    public static void register(Fusion fusion) {
        REGISTRY.put(fusion.id(), fusion);
    }

    /** The fusion with this id, or an error naming the registered ids. */
    public static Fusion byId(String id) {
        Fusion f = REGISTRY.get(id);
        if (f == null) {
            throw new IllegalArgumentException("unknown fusion '" + id + "'; registered: " + ids());
        }
        return f;
    }

    /** Registered ids, sorted. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>(REGISTRY.keySet());
        ids.sort(null);
        return ids;
    }
}
