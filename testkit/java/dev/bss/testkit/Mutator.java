package dev.bss.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Byte-level mutations of a valid input (a small, dependency-free stand-in for a coverage-guided fuzzer):
 * bit flips, random bytes, truncation, insertion, deletion, duplication of a range and "interesting"
 * 32-bit values (0, -1, MIN, MAX, small lengths) written over a random offset in either byte order.
 * Everything is derived from one seed, so a failing input is reproduced by its seed.
 */
public final class Mutator {

    private static final int[] INTERESTING = {0, 1, -1, 2, 16, 255, 256, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
        0x7fffffff, 0x80000000, 0x7ffffffe, 1 << 30, 1 << 20};

    private Mutator() {
    }

    /** Applies 1 to {@code maxMutations} random mutations to a copy of {@code valid}. */
    public static byte[] mutate(byte[] valid, long seed, int maxMutations) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] b = valid.clone();
        int n = 1 + rng.nextInt(maxMutations);
        for (int k = 0; k < n; k++) {
            b = mutateOnce(b, rng);
        }
        return b;
    }

    public static byte[] mutateOnce(byte[] b, SplittableRandom rng) {
        int len = b.length;
        switch (rng.nextInt(8)) {
            case 0: { // flip one bit
                if (len == 0) {
                    return new byte[] {(byte) rng.nextInt(256)};
                }
                int p = rng.nextInt(len);
                b[p] ^= (byte) (1 << rng.nextInt(8));
                return b;
            }
            case 1: { // set a random byte
                if (len == 0) {
                    return b;
                }
                b[rng.nextInt(len)] = (byte) rng.nextInt(256);
                return b;
            }
            case 2: // truncate
                return Arrays.copyOf(b, len == 0 ? 0 : rng.nextInt(len));
            case 3: { // insert random bytes
                int p = rng.nextInt(len + 1);
                int k = 1 + rng.nextInt(16);
                byte[] ins = new byte[k];
                for (int i = 0; i < k; i++) {
                    ins[i] = (byte) rng.nextInt(256);
                }
                return splice(b, p, p, ins);
            }
            case 4: { // delete a range
                if (len == 0) {
                    return b;
                }
                int p = rng.nextInt(len);
                int q = Math.min(len, p + 1 + rng.nextInt(Math.max(1, Math.min(64, len - p))));
                return splice(b, p, q, new byte[0]);
            }
            case 5: { // duplicate a range
                if (len == 0) {
                    return b;
                }
                int p = rng.nextInt(len);
                int q = Math.min(len, p + 1 + rng.nextInt(32));
                return splice(b, q, q, Arrays.copyOfRange(b, p, q));
            }
            case 6: { // interesting int32 at a random offset, random byte order
                if (len < 4) {
                    return b;
                }
                int v = INTERESTING[rng.nextInt(INTERESTING.length)];
                if (rng.nextBoolean()) {
                    v = v + len - 1 - rng.nextInt(3);
                }
                int p = rng.nextInt(len - 3);
                boolean little = rng.nextBoolean();
                for (int i = 0; i < 4; i++) {
                    int shift = little ? 8 * i : 8 * (3 - i);
                    b[p + i] = (byte) (v >>> shift);
                }
                return b;
            }
            default: { // interesting byte
                if (len == 0) {
                    return b;
                }
                int[] bytes = {0, 0xff, 0x7f, 0x80, '\n', ',', '"', '\r', '#', ' '};
                b[rng.nextInt(len)] = (byte) bytes[rng.nextInt(bytes.length)];
                return b;
            }
        }
    }

    /**
     * Text-level mutations for line-oriented formats: besides the byte mutations, replace a token with a
     * number that is out of range or non-finite, duplicate or drop a line, or add/remove a delimiter.
     */
    public static byte[] mutateText(String valid, long seed, int maxMutations) {
        SplittableRandom rng = new SplittableRandom(seed);
        String s = valid;
        String[] tokens = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999", "", "0x10", "1,5", "nan", "inf",
            "\"quoted\"", "-0.0", "4.9e-324", "1.7976931348623157E308", " ", "\u00e9", "\uFEFF", "#", "id", "null", "\\u0000", "\u0000", "../x", "-1", "99999999999"};
        int n = 1 + rng.nextInt(maxMutations);
        for (int k = 0; k < n; k++) {
            int op = rng.nextInt(6);
            if (op == 0 && !s.isEmpty()) { // replace a token between delimiters
                int p = rng.nextInt(s.length());
                int a = p;
                while (a > 0 && ",\n\t:".indexOf(s.charAt(a - 1)) < 0) {
                    a--;
                }
                int e = p;
                while (e < s.length() && ",\n\t:".indexOf(s.charAt(e)) < 0) {
                    e++;
                }
                s = s.substring(0, a) + tokens[rng.nextInt(tokens.length)] + s.substring(e);
            } else if (op == 1) { // duplicate a line
                String[] lines = s.split("\n", -1);
                int i = rng.nextInt(lines.length);
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < lines.length; j++) {
                    sb.append(lines[j]).append(j < lines.length - 1 || j == i ? "\n" : "");
                    if (j == i) {
                        sb.append(lines[j]).append(j < lines.length - 1 ? "\n" : "");
                    }
                }
                s = sb.toString();
            } else if (op == 2) { // drop a line
                String[] lines = s.split("\n", -1);
                int i = rng.nextInt(lines.length);
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < lines.length; j++) {
                    if (j != i) {
                        sb.append(lines[j]).append('\n');
                    }
                }
                s = sb.toString();
            } else if (op == 3) { // insert a delimiter or quote
                int p = rng.nextInt(s.length() + 1);
                String[] ins = {",", "\t", "\"", "\n", "\r\n", ": ", "- ", "{", "}", "[", "]"};
                s = s.substring(0, p) + ins[rng.nextInt(ins.length)] + s.substring(p);
            } else {
                byte[] b = mutateOnce(s.getBytes(StandardCharsets.UTF_8), rng);
                return b; // bytes may now be invalid UTF-8: stop here
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] splice(byte[] b, int from, int to, byte[] ins) {
        byte[] out = new byte[b.length - (to - from) + ins.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(ins, 0, out, from, ins.length);
        System.arraycopy(b, to, out, from + ins.length, b.length - to);
        return out;
    }
}
