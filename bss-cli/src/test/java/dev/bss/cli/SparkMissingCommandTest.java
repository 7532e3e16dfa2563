package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Without the optional bss-spark module on the classpath (as in bss-cli's own tests), {@code bss spark} says how to get it. */
class SparkMissingCommandTest {

    @Test
    void sparkWithoutItsModuleIsOneLineAndExitCode2() {
        PacingCommandTest.Result r = PacingCommandTest.run("spark", "score", "--run", "somewhere");
        assertEquals(2, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains("bss-spark") && lines.get(0).contains("docs/scale.md"), lines.get(0));
        assertFalse(PacingCommandTest.run("--help").out().contains("spark"), "hidden while the module is absent");
    }
}
