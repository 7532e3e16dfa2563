package dev.bss.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The PyTorch CPU native library the CLI bundles (Maven picks it per build machine: {@code linux-x86_64} or
 * {@code linux-aarch64}) must match the machine it runs on; otherwise DJL would try to download one, which bss never
 * lets it do. Commands that start the engine call {@link #check()} first and stop with one clear line instead.
 */
final class NativePlatform {

    /** The classifiers bss supports. */
    static final List<String> SUPPORTED = List.of("linux-x86_64", "linux-aarch64");

    private NativePlatform() {
    }

    /** This machine as a pytorch-native classifier: {@code linux-x86_64}, {@code linux-aarch64}, or e.g. {@code mac os x-aarch64}. */
    static String machine(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT).startsWith("linux") ? "linux" : osName.toLowerCase(Locale.ROOT);
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return os + "-" + arch;
    }

    /** The classifier of the native library on the classpath ({@code native/lib/pytorch.properties}), or null. */
    static String bundled(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream("native/lib/pytorch.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("classifier");
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Null when {@code machine} is supported and the bundled native is built for it; otherwise the one-line message.
     */
    static String problem(String machine, String bundled) {
        if (!SUPPORTED.contains(machine)) {
            return "unsupported platform " + machine + ": bss bundles the PyTorch CPU native for " + String.join(" and ", SUPPORTED)
                    + " only (use such a machine or a container)";
        }
        if (bundled == null) {
            return "no PyTorch native library on the classpath (expected pytorch-native-cpu " + machine + "); rebuild with ./bss";
        }
        if (!bundled.equals(machine)) {
            return "the bundled PyTorch native is for " + bundled + " but this machine is " + machine
                    + "; rebuild on this machine (./bss rebuilds when the sources change; mvn -DskipTests install forces it)";
        }
        return null;
    }

    /** Throws {@link UnsupportedPlatformException} when this machine cannot run the bundled engine. */
    static void check() {
        String p = problem(machine(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?")),
                bundled(NativePlatform.class.getClassLoader()));
        if (p != null) {
            throw new UnsupportedPlatformException(p);
        }
    }

    /** The machine cannot run the bundled PyTorch native. */
    static final class UnsupportedPlatformException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        UnsupportedPlatformException(String message) {
            super(message);
        }
    }
}
