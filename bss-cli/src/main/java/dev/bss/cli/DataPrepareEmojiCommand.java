package dev.bss.cli;

import dev.bss.data.CacheRoot;
import dev.bss.data.emoji.EmojiBuilder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bss data prepare emoji}: 32 px emoji images + name/keyword text, labelled by category. */
@Command(name = "emoji", mixinStandardHelpOptions = true,
        description = {"Prepare the emoji image-text dataset from npm emoji-datasource@16.0.0 and emojilib@4.0.3.",
                "Re-running an identical recipe is a no-op."})
public final class DataPrepareEmojiCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: <cache>/datasets/emoji-VENDOR).")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR", description = "Cache root (default: $BSS_CACHE or ~/.cache/bss).")
    Path cache;

    @Option(names = "--vendor", defaultValue = "google", description = "google (Apache-2.0) or twitter (CC-BY-4.0). Default: ${DEFAULT-VALUE}.")
    String vendor;

    @Option(names = "--seed", defaultValue = "42", description = "Split seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--max-tokens", defaultValue = "24", description = "Text length in tokens. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--skin-tones", description = "Also include skin-tone variants (kept in their emoji's split).")
    boolean skinTones;

    @Override
    public Integer call() throws Exception {
        EmojiBuilder.Result r = EmojiBuilder.builder().optOutput(out).optCacheRoot(cache != null ? cache : CacheRoot.get()).optVendor(vendor)
                .optSeed(seed).optMaxTokens(maxTokens).optSkinTones(skinTones).optLog(s -> System.err.println("emoji: " + s)).build()
                .prepare();
        System.out.printf(Locale.ROOT, "emoji %s at %s: %s, vocabulary %d, %.1f s%n", r.reused() ? "unchanged" : "prepared", r.dir(),
                r.counts(), r.vocabularySize(), r.seconds());
        return 0;
    }
}
