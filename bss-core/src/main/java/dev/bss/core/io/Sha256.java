package dev.bss.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one SHA-256 helper of bss (JDK {@link MessageDigest}): of files, byte arrays and strings, as lower-case hex, or
 * raw. Used for cache manifests, dataset checksums, checkpoint trailers and sources verified after download.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh SHA-256 digest, for streaming input. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    public static String of(Path file) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The raw 32-byte digest of {@code data[0, length)}. */
    public static byte[] raw(byte[] data, int length) {
        MessageDigest md = digest();
        md.update(data, 0, length);
        return md.digest();
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }
}
