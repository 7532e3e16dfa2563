package dev.bss.data.io;

import dev.bss.data.DataFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader for the gzip-compressed ustar archives that {@code npm pack} produces: regular
 * files only, with the ustar {@code prefix} field and PAX/GNU long-name headers handled. Entry names
 * are checked so that nothing is written outside the target folder.
 */
public final class TarGz {

    private TarGz() {
    }

    /**
     * Extracts the regular files whose names {@code select} accepts into {@code target}, keeping their
     * relative paths.
     *
     * @return the names extracted
     * @throws DataFormatException when the archive is not gzip/tar or ends inside an entry
     */
    public static List<String> extract(Path archive, Path target, Predicate<String> select) throws IOException {
        List<String> extracted = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            InputStream in;
            try {
                in = new GZIPInputStream(raw, 1 << 16);
            } catch (java.util.zip.ZipException e) {
                throw new DataFormatException(archive, "not a gzip archive (" + e.getMessage() + ")");
            }
            byte[] header = new byte[512];
            String longName = null;
            while (true) {
                if (!readFully(in, header)) {
                    break; // EOF without end marker: tolerated like GNU tar
                }
                if (isZero(header)) {
                    break;
                }
                String name = cString(header, 0, 100);
                long size = parseOctal(archive, header, 124, 12);
                char type = (char) header[156];
                String magic = cString(header, 257, 6);
                if (magic.startsWith("ustar")) {
                    String prefix = cString(header, 345, 155);
                    if (!prefix.isEmpty()) {
                        name = prefix + "/" + name;
                    }
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                long padded = (size + 511) / 512 * 512;
                if (type == 'L' || type == 'x') {
                    byte[] data = readBytes(archive, in, padded, size);
                    String s = new String(data, StandardCharsets.UTF_8);
                    if (type == 'L') {
                        longName = s.replace("\0", "");
                    } else {
                        for (String rec : s.split("\n")) {
                            int eq = rec.indexOf(" path=");
                            if (eq >= 0) {
                                longName = rec.substring(eq + 6);
                            }
                        }
                    }
                    continue;
                }
                boolean regular = type == '0' || type == '\0';
                if (regular && select.test(name)) {
                    Path out = target.resolve(name).normalize();
                    if (!out.startsWith(target.normalize())) {
                        throw new DataFormatException(archive, "entry '" + name + "' points outside the target folder");
                    }
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        copy(archive, in, os, size);
                    }
                    skip(archive, in, padded - size);
                    extracted.add(name);
                } else {
                    skip(archive, in, padded);
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFormatException(archive, "corrupt or truncated archive (" + e.getMessage() + ")", e);
        }
        return extracted;
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = in.read(buf, off, buf.length - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new java.io.EOFException("archive ends inside a header");
            }
            off += n;
        }
        return true;
    }

    private static byte[] readBytes(Path archive, InputStream in, long padded, long size) throws IOException {
        if (padded > (1 << 20)) {
            throw new DataFormatException(archive, "extended header of " + padded + " bytes is implausibly large");
        }
        byte[] data = new byte[(int) padded];
        if (!readFully(in, data)) {
            throw new java.io.EOFException("archive ends inside an extended header");
        }
        return java.util.Arrays.copyOf(data, (int) size);
    }

    private static void copy(Path archive, InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new DataFormatException(archive, "archive ends inside an entry");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(Path archive, InputStream in, long n) throws IOException {
        long left = n;
        byte[] buf = new byte[8192];
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new DataFormatException(archive, "archive ends inside an entry");
            }
            left -= r;
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long parseOctal(Path archive, byte[] b, int off, int len) {
        if ((b[off] & 0x80) != 0) { // GNU base-256
            long v = 0;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (b[i] & 0xff);
            }
            return v;
        }
        String s = cString(b, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new DataFormatException(archive, "tar header size field '" + s + "' is not octal");
        }
    }
}
