package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss data prepare emoji} (filled in below). */
@Command(name = "emoji", mixinStandardHelpOptions = true, description = "Prepare the emoji image-text dataset.")
public final class DataPrepareEmojiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss data prepare emoji: not implemented yet");
        return 1;
    }
}
