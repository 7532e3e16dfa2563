package dev.bss.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to a {@link dev.bss.engine.data.DatasetProvider}'s options map, rejecting unknown keys
 * with an error naming them and the accepted ones.
 */
public final class ProviderOptions {

    private final String provider;
    private final Map<String, Object> options;

    private ProviderOptions(String provider, Map<String, Object> options) {
        this.provider = provider;
        this.options = options;
    }

    /**
     * @param provider provider id, for messages
     * @param options the raw options ({@code null} means none)
     * @param allowed the accepted keys
     * @throws IllegalArgumentException naming every unknown key
     */
    public static ProviderOptions of(String provider, Map<String, Object> options, Set<String> allowed) {
        Map<String, Object> copy = new LinkedHashMap<>(options == null ? Map.of() : options);
        Set<String> unknown = new TreeSet<>(copy.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + provider + "': unknown option(s) " + unknown
                    + "; accepted: " + new TreeSet<>(allowed));
        }
        return new ProviderOptions(provider, copy);
    }

    public boolean has(String key) {
        return options.get(key) != null;
    }

    public String string(String key, String fallback) {
        Object v = options.get(key);
        return v == null ? fallback : v.toString();
    }

    public Path path(String key, Path fallback) {
        Object v = options.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Path p) {
            return p;
        }
        String s = v.toString();
        if (s.startsWith("~/")) {
            s = System.getProperty("user.home") + s.substring(1);
        }
        return Path.of(s);
    }

    /** The required path option {@code key}. */
    public Path requiredPath(String key) {
        Path p = path(key, null);
        if (p == null) {
            throw new IllegalArgumentException("dataset '" + provider + "': option '" + key + "' is required");
        }
        return p;
    }

    public int integer(String key, int fallback) {
        Object v = options.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dataset '" + provider + "': option '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    public boolean bool(String key, boolean fallback) {
        Object v = options.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true") || s.equals("yes") || s.equals("1")) {
            return true;
        }
        if (s.equals("false") || s.equals("no") || s.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException("dataset '" + provider + "': option '" + key + "' must be true or false, got '" + v + "'");
    }
}
