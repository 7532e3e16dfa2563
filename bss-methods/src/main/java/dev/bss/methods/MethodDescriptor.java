package dev.bss.methods;

import dev.bss.engine.train.TrainingMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A registered method: stable id, family, the hooks it uses, its hyper-parameters and a factory. Options may depend
 * on a {@code preset} option: {@link #presetDefaults} supplies the defaults a preset implies, which explicit
 * options override.
 *
 * @param id stable kebab-case id
 * @param family what it changes
 * @param description one line
 * @param hooks names of the {@code TrainingMethod} hooks it implements (documentation)
 * @param hyperParameters options with defaults and ranges
 * @param presetDefaults preset id → option defaults implied by that preset (empty map when there is no preset)
 * @param factory builds a method from resolved options
 */
public record MethodDescriptor(String id, MethodFamily family, String description, List<String> hooks,
        List<HyperParameter> hyperParameters, Map<String, Map<String, Object>> presetDefaults,
        Function<MethodOptions, TrainingMethod> factory) {

    public MethodDescriptor {
        hooks = List.copyOf(hooks);
        hyperParameters = List.copyOf(hyperParameters);
        presetDefaults = Map.copyOf(presetDefaults);
    }

    /** Hyper-parameter by name, or {@code null}. */
    public HyperParameter hyperParameter(String name) {
        for (HyperParameter h : hyperParameters) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        return null;
    }

    /**
     * Resolves raw options: rejects unknown keys (naming the allowed ones), applies preset defaults, then explicit
     * values, then declared defaults, validating each.
     */
    public MethodOptions resolve(Map<String, ?> raw) {
        Map<String, ?> given = raw == null ? Map.of() : raw;
        List<String> allowed = new ArrayList<>();
        hyperParameters.forEach(h -> allowed.add(h.name()));
        for (String key : given.keySet()) {
            if (hyperParameter(key) == null) {
                throw new IllegalArgumentException("method " + id + ": unknown option '" + key + "'; allowed: "
                        + (allowed.isEmpty() ? "(none)" : String.join(", ", allowed)));
            }
        }
        Map<String, Object> presetValues = Map.of();
        HyperParameter presetParameter = hyperParameter("preset");
        if (presetParameter != null) {
            Object p = given.containsKey("preset") ? presetParameter.parse(id, given.get("preset")) : presetParameter.defaultValue();
            presetValues = presetDefaults.getOrDefault(String.valueOf(p), Map.of());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (HyperParameter h : hyperParameters) {
            Object v;
            if (given.containsKey(h.name())) {
                v = h.parse(id, given.get(h.name()));
            } else if (presetValues.containsKey(h.name())) {
                v = h.parse(id, presetValues.get(h.name()));
            } else if (h.defaultValue() != null) {
                v = h.defaultValue();
            } else {
                throw new IllegalStateException("method " + id + ": option '" + h.name() + "' has no default");
            }
            values.put(h.name(), v);
        }
        return new MethodOptions(id, values);
    }

    /** Builds the method from raw options. */
    public TrainingMethod create(Map<String, ?> raw) {
        return factory.apply(resolve(raw));
    }
}
