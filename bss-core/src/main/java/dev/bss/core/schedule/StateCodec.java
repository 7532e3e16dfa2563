package dev.bss.core.schedule;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Binary state helpers shared by the schedulers: a magic number, a kind tag and an options fingerprint. */
final class StateCodec {

    static final int MAGIC = 0x42535353; // "BSSS"
    static final int VERSION = 1;

    private StateCodec() {
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Parses the body into locals and returns the action that installs them (run only once all checks pass). */
    interface Reader {
        Runnable read(DataInputStream in) throws IOException;
    }

    static byte[] save(String kind, String options, Writer body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(kind);
            out.writeUTF(options);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void restore(byte[] state, String kind, String options, Reader body) {
        if (state == null) {
            throw new IllegalArgumentException("scheduler state is null");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a BSS scheduler state (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("unsupported scheduler state version " + version);
            }
            String k = in.readUTF();
            if (!k.equals(kind)) {
                throw new IllegalArgumentException("state was saved by a " + k + " scheduler, not " + kind);
            }
            String o = in.readUTF();
            if (!o.equals(options)) {
                throw new IllegalArgumentException("state was saved with options [" + o + "] but this " + kind
                        + " scheduler has [" + options + "]");
            }
            Runnable commit = body.read(in);
            if (in.read() != -1) {
                throw new IllegalArgumentException("scheduler state has trailing bytes");
            }
            commit.run(); // only now: a rejected state leaves the scheduler unchanged
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException("scheduler state is truncated", e);
        } catch (IOException e) {
            // reading a byte array fails only on malformed content (e.g. a corrupt UTF string)
            throw new IllegalArgumentException("scheduler state is corrupt (" + e.getMessage() + ")", e);
        }
    }

    static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (double d : a) {
                out.writeLong(Double.doubleToRawLongBits(d));
            }
        }
    }

    static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > in.available() / 8) { // a corrupt length must not allocate gigabytes
            throw new java.io.EOFException("array of " + n + " doubles exceeds the state");
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Double.longBitsToDouble(in.readLong());
        }
        return a;
    }

    static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (int d : a) {
                out.writeInt(d);
            }
        }
    }

    static int[] readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > in.available() / 4) { // a corrupt length must not allocate gigabytes
            throw new java.io.EOFException("array of " + n + " ints exceeds the state");
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    static void checkEpoch(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1 (epochs count from 1), got " + epoch);
        }
    }

    static void checkScores(double[] scores, int n) {
        if (scores == null) {
            throw new IllegalArgumentException("scores are null");
        }
        if (scores.length != n) {
            throw new IllegalArgumentException("got " + scores.length + " scores but the scheduler was built for "
                    + n + " samples");
        }
        for (int i = 0; i < n; i++) {
            if (Double.isInfinite(scores[i])) {
                throw new IllegalArgumentException("score of sample " + i + " is " + scores[i]
                        + " (finite or NaN = excluded expected)");
            }
        }
    }
}
