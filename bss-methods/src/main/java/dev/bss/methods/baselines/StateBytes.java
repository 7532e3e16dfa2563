package dev.bss.methods.baselines;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The byte-stream plumbing of method (and method-owned scheduler) checkpoint state. */
final class StateBytes {

    /** Writes a state body. */
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads a state body. */
    interface Reader {
        void read(DataInputStream in) throws IOException;
    }

    private StateBytes() {
    }

    /** The bytes {@code body} writes. */
    static byte[] write(Writer body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads {@code state} with {@code body}; nothing when it is null or empty (no state was saved).
     *
     * @throws UncheckedIOException naming {@code what} when the bytes are unreadable
     */
    static void read(byte[] state, String what, Reader body) {
        if (state == null || state.length == 0) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            body.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": unreadable state", e);
        }
    }

    /** A length-prefixed array ({@code −1} for null). */
    static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (double v : a) {
                out.writeDouble(v);
            }
        }
    }

    /** What {@link #writeDoubles} wrote. */
    static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    /** A length-prefixed byte block. */
    static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
        out.writeInt(block.length);
        out.write(block);
    }

    /** What {@link #writeBlock} wrote. */
    static byte[] readBlock(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
