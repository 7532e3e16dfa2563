package dev.bss.data;

import java.nio.file.Path;

/**
 * Where downloaded packages, synthesised audio and prepared datasets live: {@code $BSS_CACHE} when set,
 * otherwise {@code ~/.cache/bss}. Nothing here is ever committed to the repository.
 */
public final class CacheRoot {

    private CacheRoot() {
    }

    /** The cache root ({@code $BSS_CACHE} or {@code ~/.cache/bss}). */
    public static Path get() {
        String env = System.getenv("BSS_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "bss");
    }

    /** The default folder of a prepared dataset: {@code <root>/datasets/<name>}. */
    public static Path dataset(String name) {
        return get().resolve("datasets").resolve(name);
    }
}
