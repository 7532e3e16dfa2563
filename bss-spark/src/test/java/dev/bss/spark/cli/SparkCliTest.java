package dev.bss.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.cli.Main;
import dev.bss.spark.SparkJobs;
import dev.bss.spark.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bss spark} through the {@code bss} entry point (found by ServiceLoader), on loopback only. */
class SparkCliTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run bss(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Path scores() throws Exception {
        Path f = dir.resolve("scores.csv");
        StringBuilder sb = new StringBuilder("id,score\n");
        for (int i = 0; i < 30; i++) {
            sb.append("s").append(i).append(',').append(Math.cos(i)).append('\n');
        }
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void sparkIsASubcommandWhenTheModuleIsOnTheClasspath() {
        Run r = bss("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("spark"), r.out());
        assertTrue(bss("spark", "--help").out().contains("schedule"));
    }

    /** A port on loopback that nothing listens on: bound once to find it free, then closed. */
    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(SparkJobs.LOOPBACK))) {
            return s.getLocalPort();
        }
    }

    @Test
    void anUnreachableMasterIsOneLineAndExitCode2() throws Exception {
        String master = "spark://127.0.0.1:" + deadPort();
        Run r = bss("spark", "schedule", "--scores", scores().toString(), "--scheduler", "learning", "--epoch", "1", "--seed", "1",
                "--master", master);
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("bss: cannot reach the Spark master " + master), lines.get(0));
    }

    @Test
    void schedulePrintsEveryIdOnceOrTheExactSubset() throws Exception {
        SparkTestSession.get();
        Run learning = bss("spark", "schedule", "--scores", scores().toString(), "--scheduler", "learning", "--epoch", "2", "--seed", "9",
                "--master", SparkTestSession.MASTER);
        assertEquals(0, learning.code(), learning.err());
        List<String> ids = learning.out().lines().toList();
        assertEquals(30, ids.size());
        assertEquals(30, new HashSet<>(ids).size());
        Run heuristic = bss("spark", "schedule", "--scores", scores().toString(), "--scheduler", "heuristic", "--lambda0", "0.2",
                "--t-grow", "10", "--epoch", "1", "--seed", "9", "--master", SparkTestSession.MASTER);
        assertEquals(0, heuristic.code(), heuristic.err());
        Run local = bss("schedule", "--scores", scores().toString(), "--scheduler", "heuristic", "--lambda0", "0.2", "--t-grow", "10",
                "--epoch", "1", "--seed", "9");
        Set<String> subset = new HashSet<>(heuristic.out().lines().toList());
        // root pacing, λ0 0.2, T_grow 10: λ(1) = sqrt(0.2² + (1 − 0.2²)·1/10) = 0.369, floor(30 · 0.369) = 11
        assertEquals(11, heuristic.out().lines().count());
        assertEquals(11, subset.size());
        assertEquals(new HashSet<>(local.out().lines().toList()), subset);
        Run bad = bss("spark", "schedule", "--scores", scores().toString(), "--scheduler", "greedy", "--epoch", "1", "--seed", "1");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--scheduler"), bad.err());
        assertTrue(Arrays.stream(bad.err().split("\n")).noneMatch(l -> l.startsWith("\tat ")), "no stack trace");
    }
}
