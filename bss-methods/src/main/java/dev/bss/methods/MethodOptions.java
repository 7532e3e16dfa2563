package dev.bss.methods;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Resolved, typed options of one method (every hyper-parameter has a value). */
public final class MethodOptions {

    private final String methodId;
    private final Map<String, Object> values;

    MethodOptions(String methodId, Map<String, Object> values) {
        this.methodId = methodId;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The resolved options, in declaration order (for the run spec and provenance). */
    public Map<String, Object> asMap() {
        return values;
    }

    public int getInt(String key) {
        return (Integer) get(key);
    }

    public double getDouble(String key) {
        return (Double) get(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    private Object get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalStateException("method " + methodId + " has no option '" + key + "'");
        }
        return values.get(key);
    }
}
