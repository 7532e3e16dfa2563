package dev.bss.methods;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.nd.Scalars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's and the methods' compiled code calls no {@code NDArray} overload taking a {@code Number} whose backward
 * pass reads the scalar ({@code mul}, {@code div}, {@code pow}, {@code maximum}, ... and their in-place forms): DJL
 * makes that scalar in Java memory it frees early (see {@link Scalars}). Addition, subtraction and comparisons by a
 * number are allowed: their backward pass never reads the number. The check reads the byte code with {@code javap}.
 */
class ScalarOverloadsTest {

    private static final Set<String> ALLOWED = Set.of("add", "addi", "sub", "subi", "eq", "neq", "gt", "gte", "lt", "lte");
    private static final Pattern CALL = Pattern.compile("Method ai/djl/ndarray/NDArray\\.([A-Za-z]+):\\(Ljava/lang/Number;\\)");

    @Test
    void noNumberOverloadWhoseBackwardReadsTheScalar() throws Exception {
        Set<String> offences = new TreeSet<>();
        int classes = 0;
        for (Class<?> anchor : List.of(Scalars.class, MethodRegistry.class)) {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> names = classNames(root);
            classes += names.size();
            String current = "?";
            for (String line : javap(root, names).split("\n")) {
                if (line.startsWith("Compiled from")) {
                    continue;
                }
                if (!line.startsWith(" ") && line.contains("class ") || line.startsWith("public interface") || line.startsWith("interface")) {
                    current = line;
                }
                Matcher m = CALL.matcher(line);
                while (m.find()) {
                    if (!ALLOWED.contains(m.group(1))) {
                        offences.add(m.group(1) + "(Number) in " + current.trim());
                    }
                }
            }
        }
        assertTrue(classes > 100, "found only " + classes + " classes to check");
        assertTrue(offences.isEmpty(), "use dev.bss.engine.nd.Scalars instead of:\n" + String.join("\n", offences));
    }

    private static List<String> classNames(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> names.add(className(root.relativize(f).toString())));
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().filter(e -> e.getName().endsWith(".class") && !e.getName().contains("module-info"))
                        .forEach(e -> names.add(className(e.getName())));
            }
        }
        return names;
    }

    private static String className(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }

    private static String javap(Path root, List<String> names) throws URISyntaxException {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("javap is missing: run the tests on a JDK"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-c", "-p", "-cp", root.toString()));
        args.addAll(names);
        int rc = javap.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args.toArray(new String[0]));
        assertTrue(rc == 0, "javap failed: " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
