package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code bss pacing}: printed values (hand-computed, see PacingFunctionsTest) and exit code 2 on bad flags. */
class PacingCommandTest {

    /** Exit code, stdout and stderr of one CLI run. */
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static double[] fractions(String csv) {
        String[] lines = csv.strip().split("\\R");
        assertEquals("epoch,fraction", lines[0]);
        double[] f = new double[lines.length - 1];
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].split(",");
            assertEquals(Integer.toString(i), parts[0]);
            f[i - 1] = Double.parseDouble(parts[1]);
        }
        return f;
    }

    @Test
    void rootValues() {
        Result r = run("pacing", "--function", "root", "--lambda0", "0.1", "--t-grow", "40", "--epochs", "45");
        assertEquals(0, r.code(), r.err());
        double[] f = fractions(r.out());
        assertEquals(45, f.length);
        assertEquals(0.18641, f[0], 5e-6);
        assertEquals(0.71063, f[19], 5e-6);
        assertEquals(1.0, f[39]);
        assertEquals(1.0, f[44]);
    }

    @Test
    void otherFunctions() {
        double[] lin = fractions(run("pacing", "--function", "linear", "--lambda0", "0.1", "--t-grow", "40", "--epochs", "20").out());
        assertEquals(0.55, lin[19], 1e-12); // 0.1 + 0.9·20/40
        double[] geo = fractions(run("pacing", "--function", "geometric", "--lambda0", "0.1", "--t-grow", "40", "--epochs", "20").out());
        assertEquals(0.1 * Math.sqrt(10), geo[19], 1e-12);
        double[] baby = fractions(run("pacing", "--function", "baby-step", "--lambda0", "0.2", "--t-grow", "10", "--epochs", "10",
                "--bins", "2").out());
        assertEquals(0.2, baby[3], 1e-12);
        assertEquals(0.6, baby[4], 1e-12);
        assertEquals(1.0, baby[9]);
        double[] r3 = fractions(run("pacing", "--function", "root-3", "--epochs", "20").out());
        assertEquals(0.793965, r3[19], 5e-7); // cbrt(0.999/2 + 0.001)
    }

    @Test
    void badInputExitsTwoWithOneLineNamingTheFlag() {
        Result unknown = run("pacing", "--function", "cubic");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("bss: --function: unknown pacing function 'cubic'"), unknown.err());
        Result lambda = run("pacing", "--lambda0", "0");
        assertEquals(2, lambda.code());
        assertTrue(lambda.err().contains("--lambda0 must be in (0, 1]"), lambda.err());
        assertEquals(2, run("pacing", "--lambda0", "1.01").code());
        Result tGrow = run("pacing", "--t-grow", "0");
        assertEquals(2, tGrow.code());
        assertTrue(tGrow.err().contains("--t-grow"), tGrow.err());
        assertEquals(2, run("pacing", "--epochs", "0").code());
        assertEquals(2, run("pacing", "--lambda0", "abc").code());
        assertTrue(run("pacing", "--lambda0", "abc").out().isEmpty());
        assertTrue(!run("pacing", "--t-grow", "-3").err().contains("at dev.bss"), "no stack trace without --debug");
        assertTrue(run("pacing", "--t-grow", "-3", "--debug").err().contains("at "), "stack trace with --debug");
    }
}
