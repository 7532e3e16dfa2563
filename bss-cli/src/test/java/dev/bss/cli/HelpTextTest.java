package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} renders without picocli warnings (e.g. an unescaped '%' in a description). */
class HelpTextTest {

    @Test
    void everyUsageMessageRendersCleanly() {
        Deque<CommandLine> todo = new ArrayDeque<>();
        todo.add(new CommandLine(new BssCommand()));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int commands = 0;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            while (!todo.isEmpty()) {
                CommandLine c = todo.poll();
                String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertTrue(usage.contains("Usage: bss"), usage);
                assertFalse(usage.contains("%n"), c.getCommandName() + ": unformatted description\n" + usage);
                todo.addAll(c.getSubcommands().values());
                commands++;
            }
        } finally {
            System.setErr(err);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
        assertTrue(commands >= 10, "walked " + commands + " commands");
    }
}
