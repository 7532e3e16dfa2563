package dev.bss.data.avdigits;

import dev.bss.data.CacheRoot;
import dev.bss.data.ProviderOptions;
import dev.bss.data.io.PreparedCache;
import dev.bss.engine.data.DatasetProvider;
import dev.bss.engine.data.DatasetSplits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code av-digits}: loads a cache prepared by {@code bss data prepare av-digits}. Options: {@code root}
 * (the prepared folder) or {@code cache} (a cache root, default {@code $BSS_CACHE} or {@code ~/.cache/bss})
 * with {@code size} ({@code small} default, or {@code full}); {@code verify} (default true) re-checks every
 * file's SHA-256. Modalities: {@code audio} AUDIO {1, 40, 100} (log-mel) and {@code image} IMAGE {1, 28, 28};
 * metadata per sample holds the drawn corruption levels.
 */
public final class AvDigitsProvider implements DatasetProvider {

    @Override
    public String id() {
        return AvDigitsBuilder.DATASET;
    }

    @Override
    public String description() {
        return "MNIST digit + its word spoken by espeak-ng speakers, per-sample corruption (prepare: bss data prepare av-digits)";
    }

    @Override
    public DatasetSplits load(Map<String, Object> options) throws IOException {
        ProviderOptions o = ProviderOptions.of(id(), options, Set.of("root", "cache", "size", "verify"));
        String size = o.string("size", "small");
        if (!size.equals("small") && !size.equals("full")) {
            throw new IllegalArgumentException("dataset 'av-digits': size must be small or full, got '" + size + "'");
        }
        Path dir = o.has("root") ? o.path("root", null)
                : o.path("cache", CacheRoot.get()).resolve("datasets").resolve(AvDigitsBuilder.DATASET + "-" + size);
        String hint = "bss data prepare av-digits --size " + size + (o.has("root") ? " --out " + dir : "");
        return PreparedCache.load(dir, AvDigitsBuilder.DATASET, o.bool("verify", true), hint);
    }
}
