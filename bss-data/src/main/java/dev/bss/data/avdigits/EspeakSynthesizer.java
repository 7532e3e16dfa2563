package dev.bss.data.avdigits;

import dev.bss.data.io.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs {@code espeak-ng} to say words, caching one WAV per speaker and word under
 * {@code <cache>/espeak-ng/<version>/<speaker id>/<word>.wav}. Each WAV is written to a temporary name
 * and renamed, so an interrupted run leaves no half-written file. Processes run in parallel.
 */
public final class EspeakSynthesizer {

    private final String command;
    private final Path root;
    private final int threads;
    private final String version;

    /**
     * @param command {@code espeak-ng} or a path to it
     * @param cacheRoot the bss cache root
     * @param threads parallel {@code espeak-ng} processes
     * @throws dev.bss.data.MissingToolException when {@code command} is not installed
     */
    public EspeakSynthesizer(String command, Path cacheRoot, int threads) throws IOException {
        ExternalTools.require(command, ExternalTools.ESPEAK_INSTALL);
        this.command = command;
        this.threads = Math.max(1, threads);
        String v = ExternalTools.run(List.of(command, "--version"), null, 30).output();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("speech:\\s*([0-9][0-9A-Za-z.+~-]*)").matcher(v);
        this.version = m.find() ? m.group(1) : "unknown";
        this.root = cacheRoot.resolve("espeak-ng").resolve(version);
    }

    /** The {@code espeak-ng} version string, e.g. {@code 1.51}. */
    public String version() {
        return version;
    }

    /** Where the WAV of {@code speaker} saying {@code word} is cached. */
    public Path wavPath(Speaker speaker, String word) {
        return root.resolve(speaker.id()).resolve(word + ".wav");
    }

    /** Synthesises every missing (speaker, word) WAV; returns how many were synthesised. */
    public int synthesizeAll(List<Speaker> speakers, List<String> words) throws IOException {
        List<Speaker> sp = new ArrayList<>();
        List<String> wd = new ArrayList<>();
        for (Speaker s : speakers) {
            for (String w : words) {
                if (!Files.isRegularFile(wavPath(s, w))) {
                    sp.add(s);
                    wd.add(w);
                }
            }
        }
        if (sp.isEmpty()) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < sp.size(); i++) {
                Speaker s = sp.get(i);
                String w = wd.get(i);
                futures.add(pool.submit(() -> {
                    synthesize(s, w);
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("espeak-ng failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while synthesising speech", e);
        } finally {
            pool.shutdownNow();
        }
        return sp.size();
    }

    private void synthesize(Speaker s, String word) throws IOException {
        Path out = wavPath(s, word);
        Files.createDirectories(out.getParent());
        Path tmp = Files.createTempFile(out.getParent(), word, ".wav.tmp");
        try {
            ExternalTools.run(List.of(command, "-v", s.voice(), "-p", Integer.toString(s.pitch()), "-s", Integer.toString(s.rate()),
                    "-w", tmp.toString(), word), null, 60);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
