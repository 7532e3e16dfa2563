package dev.bss.experiments.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code provenance.json} records, enough to rerun and to trust a run: git revision and dirty flag,
 * bss / Java / DJL / PyTorch versions, OS, cores, host, seed, dataset id and checksum, start and end time.
 * Values that cannot be found are {@code "unknown"}, never guessed.
 */
public final class Provenance {

    /** The bss version written everywhere. */
    public static final String BSS_VERSION = "0.1.0-SNAPSHOT";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode node = JSON.createObjectNode();

    private Provenance() {
    }

    /**
     * Collects the machine facts now.
     *
     * @param repoRoot where to ask git for the revision (the {@code bss.home} folder), may be {@code null}
     * @param seed the run seed
     */
    public static Provenance collect(Path repoRoot, long seed) {
        Provenance p = new Provenance();
        String[] git = gitRevision(repoRoot);
        p.node.put("git_revision", git[0]);
        p.node.put("git_dirty", git[1]);
        p.node.put("bss_version", BSS_VERSION);
        p.node.put("java_version", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        p.node.put("djl_version", djlVersion());
        p.node.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        p.node.put("cores", Runtime.getRuntime().availableProcessors());
        p.node.put("host", hostName());
        p.node.put("seed", seed);
        p.node.put("start", Instant.now().toString());
        return p;
    }

    /** Sets a string fact (dataset id, checksum, engine versions, command line, …). */
    public Provenance put(String key, String value) {
        node.put(key, value == null ? "unknown" : value);
        return this;
    }

    /** Sets every entry of {@code facts}. */
    public Provenance putAll(Map<String, String> facts) {
        facts.forEach(this::put);
        return this;
    }

    /** Records the end time. */
    public Provenance finish() {
        node.put("end", Instant.now().toString());
        return this;
    }

    /** A fact recorded so far, or {@code null}. */
    public String get(String key) {
        return node.hasNonNull(key) ? node.get(key).asText() : null;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a {@code provenance.json} back (keys and values as strings). */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        JSON.readTree(file.toFile()).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The git revision and dirty flag ({@code "true"}/{@code "false"}) of {@code repoRoot}, or "unknown". */
    static String[] gitRevision(Path repoRoot) {
        Path dir = repoRoot != null ? repoRoot : Path.of(System.getProperty("bss.home", ".")).toAbsolutePath();
        String rev = run(dir, "git", "rev-parse", "HEAD");
        if (rev == null || rev.isBlank()) {
            return new String[] {"unknown", "unknown"};
        }
        String status = run(dir, "git", "status", "--porcelain", "--untracked-files=no");
        return new String[] {rev.trim(), status == null ? "unknown" : Boolean.toString(!status.isBlank())};
    }

    private static String run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String djlVersion() {
        try {
            return ai.djl.engine.Engine.getDjlVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    /** This machine's host name, or {@code unknown}. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
