package dev.bss.data.emoji;

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
 * {@code emoji}: loads a cache prepared by {@code bss data prepare emoji}. Options: {@code root}, or
 * {@code cache} with {@code vendor} ({@code google} default, {@code twitter}); {@code verify} (default true).
 * Modalities {@code image} IMAGE {3, 32, 32} and {@code text} TOKENS {24} with the training vocabulary's size.
 */
public final class EmojiProvider implements DatasetProvider {

    @Override
    public String id() {
        return EmojiBuilder.DATASET;
    }

    @Override
    public String description() {
        return "Emoji image (32 px vendor sprite) + name/keywords text, 9 categories (prepare: bss data prepare emoji)";
    }

    @Override
    public DatasetSplits load(Map<String, Object> options) throws IOException {
        ProviderOptions o = ProviderOptions.of(id(), options, Set.of("root", "cache", "vendor", "verify"));
        String vendor = o.string("vendor", "google");
        Path dir = o.has("root") ? o.path("root", null)
                : o.path("cache", CacheRoot.get()).resolve("datasets").resolve(EmojiBuilder.DATASET + "-" + vendor);
        String hint = "bss data prepare emoji --vendor " + vendor + (o.has("root") ? " --out " + dir : "");
        return PreparedCache.load(dir, EmojiBuilder.DATASET, o.bool("verify", true), hint);
    }
}
