package dev.bss.methods;

import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.TrainingMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of methods by stable id: {@code vanilla}, {@code vanilla-uni}, {@code bss-h}, {@code bss-l}; baselines
 * register themselves with {@link #register}. {@link #create} accepts a composition {@code a+b[+c]}: the first part
 * must be {@link MethodFamily#DATA_LEVEL} or {@link MethodFamily#BASELINE}, the others gradient, objective or fusion
 * methods. Options of a composition may be prefixed with the part id ({@code ogm-ge.alpha}); unprefixed keys go to
 * the one part that declares them.
 */
public final class MethodRegistry {

    private static final Map<String, MethodDescriptor> METHODS = new LinkedHashMap<>();

    static {
        register(new MethodDescriptor("vanilla", MethodFamily.BASELINE,
                "late fusion (concat), fused cross-entropy only: the paper's Concat",
                List.of("sequenceScheduler", "lossWeights"), List.of(), Map.of(),
                o -> new VanillaMethod("vanilla", LossWeights.FUSED_ONLY)));
        register(new MethodDescriptor("vanilla-uni", MethodFamily.OBJECTIVE,
                "late fusion with fused + unimodal cross-entropies (the reference code's baseline)",
                List.of("sequenceScheduler", "lossWeights"),
                List.of(HyperParameter.ofDouble("fused-weight", 1.0, 0.0, null, "weight of the fused cross-entropy"),
                        HyperParameter.ofDouble("unimodal-weight", 1.0, 0.0, null, "weight of each unimodal cross-entropy")),
                Map.of(),
                o -> new VanillaMethod("vanilla-uni", new LossWeights(o.getDouble("fused-weight"), o.getDouble("unimodal-weight")))));
        register(BssMethod.heuristicDescriptor());
        register(BssMethod.learningDescriptor());
        dev.bss.methods.baselines.Baselines.all().forEach(MethodRegistry::register);
    }

    private MethodRegistry() {
    }

    /** Adds a method (replacing one with the same id). */
    public static synchronized void register(MethodDescriptor descriptor) {
        if (descriptor.id().contains("+")) {
            throw new IllegalArgumentException("method id must not contain '+': " + descriptor.id());
        }
        METHODS.put(descriptor.id(), descriptor);
    }

    /** All registered methods in registration order. */
    public static synchronized List<MethodDescriptor> descriptors() {
        return new ArrayList<>(METHODS.values());
    }

    /** The descriptor of one id, or an error naming the registered ids. */
    public static synchronized MethodDescriptor descriptor(String id) {
        MethodDescriptor d = METHODS.get(id);
        if (d == null) {
            throw new IllegalArgumentException("unknown method '" + id + "'; registered: " + String.join(", ", METHODS.keySet()));
        }
        return d;
    }

    /** Builds a method (or composition {@code a+b}) from raw options; unknown keys are rejected. */
    public static TrainingMethod create(String id, Map<String, ?> options) {
        Map<String, ?> given = options == null ? Map.of() : options;
        if (!id.contains("+")) {
            return descriptor(id).create(given);
        }
        String[] ids = id.split("\\+");
        List<MethodDescriptor> parts = new ArrayList<>();
        for (String part : ids) {
            parts.add(descriptor(part.trim()));
        }
        dev.bss.methods.baselines.Baselines.checkComposable(id, parts);
        for (int i = 0; i < parts.size(); i++) {
            MethodFamily f = parts.get(i).family();
            boolean ok = i == 0 ? f == MethodFamily.DATA_LEVEL || f == MethodFamily.BASELINE
                    : f == MethodFamily.GRADIENT || f == MethodFamily.OBJECTIVE || f == MethodFamily.FUSION;
            if (!ok) {
                throw new IllegalArgumentException("method " + id + ": part " + (i + 1) + " '" + parts.get(i).id() + "' is "
                        + f.id() + "; a composition is a data-level (or baseline) method followed by gradient, objective or fusion methods");
            }
        }
        List<Map<String, Object>> perPart = new ArrayList<>();
        parts.forEach(p -> perPart.add(new LinkedHashMap<>()));
        for (Map.Entry<String, ?> e : given.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot > 0) {
                String partId = key.substring(0, dot);
                int index = -1;
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i).id().equals(partId)) {
                        index = i;
                    }
                }
                if (index < 0) {
                    throw new IllegalArgumentException("method " + id + ": option '" + key + "' names no part of the composition");
                }
                perPart.get(index).put(key.substring(dot + 1), e.getValue());
                continue;
            }
            List<Integer> owners = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if (parts.get(i).hyperParameter(key) != null) {
                    owners.add(i);
                }
            }
            if (owners.isEmpty()) {
                List<String> allowed = new ArrayList<>();
                for (MethodDescriptor p : parts) {
                    p.hyperParameters().forEach(h -> allowed.add(p.id() + "." + h.name()));
                }
                throw new IllegalArgumentException("method " + id + ": unknown option '" + key + "'; allowed: " + String.join(", ", allowed));
            }
            if (owners.size() > 1) {
                throw new IllegalArgumentException("method " + id + ": option '" + key + "' is ambiguous; prefix it with the part id, e.g. "
                        + parts.get(owners.get(0)).id() + "." + key);
            }
            perPart.get(owners.get(0)).put(key, e.getValue());
        }
        List<TrainingMethod> methods = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            methods.add(parts.get(i).create(perPart.get(i)));
        }
        return new CompositeMethod(methods);
    }
}
