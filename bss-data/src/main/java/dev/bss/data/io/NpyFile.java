package dev.bss.data.io;

import dev.bss.data.DataFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reader for NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): magic {@code \x93NUMPY},
 * version bytes, a little-endian header length (uint16 for v1, uint32 for v2/v3), then a Python dict
 * literal with {@code descr}, {@code fortran_order} and {@code shape}. Supported dtypes: {@code f4},
 * {@code f8}, {@code i1/u1}, {@code i2}, {@code i4}, {@code i8}, either byte order; values are
 * returned as float32 in C order (a Fortran-ordered array is transposed on read).
 */
public final class NpyFile {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([fiub])(\\d{1,4})'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFile() {
    }

    /** A float32 array with its shape (C order). */
    public record Array(int[] shape, float[] data) {
    }

    public static Array read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "NPY file is missing");
        }
        return parse(file, Files.readAllBytes(file));
    }

    /** Parses NPY bytes; {@code file} only names the source in errors. */
    public static Array parse(Path file, byte[] all) {
        if (all.length < 10 || (all[0] & 0xff) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new DataFormatException(file, "not an NPY file (bad magic)");
        }
        int major = all[6];
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (all.length < 12) {
                throw new DataFormatException(file, "NPY header truncated");
            }
            headerLen = b.getInt(8);
            start = 12;
        } else {
            throw new DataFormatException(file, "unsupported NPY version " + major);
        }
        if (headerLen < 0 || start + (long) headerLen > all.length) {
            throw new DataFormatException(file, "NPY header length " + headerLen + " exceeds the file");
        }
        String header = new String(all, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new DataFormatException(file, "NPY header lacks descr, fortran_order or shape: " + header.strip());
        }
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean fortran = f.group(1).equals("True");
        String[] dimsText = s.group(1).split(",");
        int[] shape = java.util.Arrays.stream(dimsText).map(String::trim).filter(t -> !t.isEmpty()).mapToInt(t -> {
            try {
                return Integer.parseInt(t.replace("L", ""));
            } catch (NumberFormatException e) {
                throw new DataFormatException(file, "NPY shape entry '" + t + "' is not an integer");
            }
        }).toArray();
        long n = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new DataFormatException(file, "NPY shape has a negative dimension");
            }
            try {
                n = Math.multiplyExact(n, dim);
            } catch (ArithmeticException e) {
                throw new DataFormatException(file, "NPY shape " + java.util.Arrays.toString(shape) + " overflows");
            }
        }
        boolean ok = switch (kind) {
            case 'f' -> width == 4 || width == 8;
            case 'i' -> width == 1 || width == 2 || width == 4 || width == 8;
            case 'u', 'b' -> width == 1;
            default -> false;
        };
        if (!ok) {
            throw new DataFormatException(file, "unsupported NPY dtype '" + d.group(0) + "'");
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(file, "NPY array of " + n + " elements is too large");
        }
        int dataStart = start + headerLen;
        long expected = dataStart + n * width;
        if (all.length < expected) {
            throw new DataFormatException(file, "NPY data truncated: " + all.length + " bytes, shape "
                    + java.util.Arrays.toString(shape) + " needs " + expected);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(file, "NPY array of " + n + " elements is too large");
        }
        ByteBuffer data = ByteBuffer.wrap(all, dataStart, (int) (n * width)).slice().order(order);
        float[] out = new float[(int) n];
        for (int i = 0; i < n; i++) {
            int p = i * width;
            out[i] = switch (kind) {
                case 'f' -> width == 4 ? data.getFloat(p) : (float) data.getDouble(p);
                case 'u', 'b' -> data.get(p) & 0xff;
                default -> switch (width) {
                    case 1 -> data.get(p);
                    case 2 -> data.getShort(p);
                    case 4 -> data.getInt(p);
                    default -> data.getLong(p);
                };
            };
        }
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw new DataFormatException(file, "NPY element " + i + " is " + out[i] + " (NaN, infinite or beyond float32)");
            }
        }
        if (fortran && shape.length > 1) {
            out = fortranToC(out, shape);
        }
        return new Array(shape, out);
    }

    private static float[] fortranToC(float[] in, int[] shape) {
        float[] out = new float[in.length];
        int rank = shape.length;
        int[] idx = new int[rank];
        for (int c = 0; c < in.length; c++) {
            // c is the C-order position of idx; compute the Fortran-order position
            int fpos = 0;
            int stride = 1;
            for (int k = 0; k < rank; k++) {
                fpos += idx[k] * stride;
                stride *= shape[k];
            }
            out[c] = in[fpos];
            for (int k = rank - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }

    /** Writes a little-endian float32 C-order NPY v1.0 file (used by tests and fixtures). */
    public static void writeFloat32(Path file, int[] shape, float[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int dim : shape) {
            dims.append(dim).append(", ");
        }
        String sh = shape.length == 1 ? shape[0] + "," : dims.substring(0, dims.length() - 2);
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + sh + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : data) {
            b.putFloat(v);
        }
        Files.write(file, b.array());
    }
}
