package dev.bss.core.order;

/**
 * Primitive sorting helpers for ranking millions of samples without boxing: doubles are mapped to
 * {@code long} keys whose signed order equals the numeric order, and (key, index) pairs are sorted with
 * a stable least-significant-digit radix sort (16-bit digits, at most 4 passes, passes whose digit is
 * constant are skipped). Complexity O(n) time, O(n) extra memory.
 */
public final class KeySort {

    private static final int BITS = 16;
    private static final int RADIX = 1 << BITS;
    private static final int MASK = RADIX - 1;

    private KeySort() {
    }

    /**
     * A long whose signed order is the numeric order of {@code d} ({@code −0.0} and {@code 0.0} map to the
     * same key). Must not be called with NaN.
     */
    public static long sortableKey(double d) {
        if (d == 0.0) {
            d = 0.0; // canonicalise -0.0
        }
        long bits = Double.doubleToRawLongBits(d);
        // negative: flip all value bits so larger magnitude sorts lower; sign bit stays set → negative long
        return bits ^ ((bits >> 63) & 0x7fffffffffffffffL);
    }

    /**
     * Sorts {@code keys[0..n)} ascending (signed), applying the same permutation to {@code values}. Stable:
     * equal keys keep their input order.
     */
    public static void sort(long[] keys, int[] values, int n) {
        if (n < 2) {
            return;
        }
        if (n < 64) {
            insertionSort(keys, values, n);
            return;
        }
        long[] k2 = new long[n];
        int[] v2 = new int[n];
        int[] count = new int[RADIX + 1];
        long[] srcK = keys;
        int[] srcV = values;
        long[] dstK = k2;
        int[] dstV = v2;
        for (int pass = 0; pass < 4; pass++) {
            int shift = pass * BITS;
            java.util.Arrays.fill(count, 0);
            boolean top = pass == 3;
            for (int i = 0; i < n; i++) {
                count[digit(srcK[i], shift, top) + 1]++;
            }
            // skip a pass where every key has the same digit
            boolean constant = false;
            for (int d = 1; d <= RADIX; d++) {
                if (count[d] == n) {
                    constant = true;
                    break;
                }
                if (count[d] != 0) {
                    break;
                }
            }
            if (constant) {
                continue;
            }
            for (int d = 0; d < RADIX; d++) {
                count[d + 1] += count[d];
            }
            for (int i = 0; i < n; i++) {
                int pos = count[digit(srcK[i], shift, top)]++;
                dstK[pos] = srcK[i];
                dstV[pos] = srcV[i];
            }
            long[] tk = srcK;
            srcK = dstK;
            dstK = tk;
            int[] tv = srcV;
            srcV = dstV;
            dstV = tv;
        }
        if (srcK != keys) {
            System.arraycopy(srcK, 0, keys, 0, n);
            System.arraycopy(srcV, 0, values, 0, n);
        }
    }

    private static int digit(long key, int shift, boolean top) {
        int d = (int) (key >>> shift) & MASK;
        return top ? d ^ 0x8000 : d; // flip the sign bit so negative keys sort first
    }

    private static void insertionSort(long[] keys, int[] values, int n) {
        for (int i = 1; i < n; i++) {
            long k = keys[i];
            int v = values[i];
            int j = i - 1;
            while (j >= 0 && keys[j] > k) {
                keys[j + 1] = keys[j];
                values[j + 1] = values[j];
                j--;
            }
            keys[j + 1] = k;
            values[j + 1] = v;
        }
    }
}
