package dev.bss.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.bss.core.random.RandomStreams;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

/** torchvision's RandomResizedCrop + RandomHorizontalFlip on hand-made planes, with scripted random draws. */
class ImageAugmentationTest {

    /** Returns the queued values: doubles for nextDouble, ints for nextInt(bound) (checked against the bound). */
    static final class Scripted implements UniformRandomProvider {
        final Deque<Double> doubles = new ArrayDeque<>();
        final Deque<Integer> ints = new ArrayDeque<>();

        Scripted withDoubles(double... v) {
            for (double d : v) {
                doubles.add(d);
            }
            return this;
        }

        Scripted withInts(int... v) {
            for (int i : v) {
                ints.add(i);
            }
            return this;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public double nextDouble() {
            return doubles.remove();
        }

        @Override
        public int nextInt(int bound) {
            int v = ints.remove();
            assertTrue(v >= 0 && v < bound, v + " outside [0, " + bound + ")");
            return v;
        }
    }

    /**
     * 10 × 10, scale [0.08, 1]: u = 0.28/0.92 gives area 36, u = 0.5 gives ratio exp(0) = 1, so w = h = 6; the corner
     * draws are nextInt(5) each: (2, 3).
     */
    @Test
    void cropBoxFollowsTorchvisionGetParams() {
        Scripted rng = new Scripted().withDoubles(0.28 / 0.92, 0.5).withInts(2, 3);
        assertArrayEquals(new int[] {2, 3, 6, 6}, ImageAugmentation.cropBox(10, 10, 0.08, 1.0, rng));
        assertTrue(rng.doubles.isEmpty() && rng.ints.isEmpty());
    }

    /**
     * Scale [1, 1] and ratios near 4/3 never fit (w = round(√133.3) = 12 > 10) in 10 tries: centre crop, the whole
     * square image; a 10 × 20 image (ratio 2 > 4/3) gets h = 10, w = round(13.33) = 13, j = (20 − 13) / 2 = 3.
     */
    @Test
    void tenFailedTriesFallBackToTheCentreCrop() {
        double[] nearMax = new double[20];
        Arrays.fill(nearMax, 0.999999);
        assertArrayEquals(new int[] {0, 0, 10, 10}, ImageAugmentation.cropBox(10, 10, 1.0, 1.0, new Scripted().withDoubles(nearMax)));
        assertArrayEquals(new int[] {0, 3, 10, 13}, ImageAugmentation.cropBox(10, 20, 1.0, 1.0, new Scripted().withDoubles(nearMax)));
    }

    /**
     * Plane v[r][c] = 4r + c, box rows/cols 1–2 ([[5, 6], [9, 10]]) resized to 4 × 4: source columns
     * clamp(0.5x − 0.25) = 0, 0.25, 0.75, 1 (same for rows), so row 0 is 5, 5.25, 5.75, 6 and each later row adds
     * 4 × (0, 0.25, 0.75, 1).
     */
    @Test
    void bilinearResizeUsesHalfPixelCentresAndClampsAtTheEdges() {
        float[] plane = new float[16];
        for (int i = 0; i < 16; i++) {
            plane[i] = i;
        }
        float[] out = new float[16];
        ImageAugmentation.resizedCrop(plane, 4, new int[] {1, 1, 2, 2}, out, 0, 4, 4);
        assertArrayEquals(new float[] {5, 5.25f, 5.75f, 6, 6, 6.25f, 6.75f, 7, 8, 8.25f, 8.75f, 9, 9, 9.25f, 9.75f, 10}, out, 1e-6f);
        float[] same = new float[16];
        ImageAugmentation.resizedCrop(plane, 4, new int[] {0, 0, 4, 4}, same, 0, 4, 4);
        assertArrayEquals(plane, same, 0f, "the full box is the identity");
    }

    @Test
    void everyPlaneSharesOneBoxAndOneFlip() {
        ImageAugmentation aug = ImageAugmentation.builder().optRandomResizedCrop(0.08, 1.0).optHorizontalFlip(true).build();
        // shape {2, 4, 4}: plane 1 = plane 0 + 100, one value of padding on each side of the sample
        float[] values = new float[34];
        for (int i = 0; i < 16; i++) {
            values[1 + i] = i;
            values[17 + i] = 100 + i;
        }
        values[0] = -1;
        values[33] = -1;
        // area 4 (u = (0.25 − 0.08)/0.92), ratio 1: a 2 × 2 box at (1, 1); then flip (0.3 < 0.5)
        aug.apply(values, 1, new int[] {2, 4, 4}, new Scripted().withDoubles(0.17 / 0.92, 0.5, 0.3).withInts(1, 1));
        float[] row0 = {6, 5.75f, 5.25f, 5};
        assertArrayEquals(row0, Arrays.copyOfRange(values, 1, 5), 1e-5f, "cropped, resized and mirrored");
        for (int i = 0; i < 16; i++) {
            assertEquals(values[1 + i] + 100, values[17 + i], 1e-4f, "the second plane got the same box and flip");
        }
        assertEquals(-1, values[0], 0f);
        assertEquals(-1, values[33], 0f);
        // no flip when the draw is >= 0.5
        float[] plain = {0, 1, 2, 3};
        ImageAugmentation.builder().optHorizontalFlip(true).build().apply(plain, 0, new int[] {2, 2}, new Scripted().withDoubles(0.5));
        assertArrayEquals(new float[] {0, 1, 2, 3}, plain, 0f);
        ImageAugmentation.builder().optHorizontalFlip(true).build().apply(plain, 0, new int[] {2, 2}, new Scripted().withDoubles(0.49));
        assertArrayEquals(new float[] {1, 0, 3, 2}, plain, 0f);
    }

    @Test
    void badScalesAreRefusedAndNothingOnMeansDisabled() {
        assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.builder().optRandomResizedCrop(0, 1).build());
        assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.builder().optRandomResizedCrop(0.5, 0.4).build());
        assertFalse(ImageAugmentation.builder().build().enabled());
    }

    /** The batch path augments IMAGE modalities only, from the stream it is given: same stream, same batch. */
    @Test
    void batchesAugmentImagesOnlyAndReproduceFromTheirStream() {
        Map<String, Object> o = new HashMap<>();
        o.put("train-size", 16);
        o.put("val-size", 8);
        o.put("test-size", 8);
        o.put("classes", 2);
        o.put("audio-shape", "1x8x8");
        o.put("image-shape", "3x8x8");
        MultimodalDataset train = new SyntheticDatasetProvider().load(o).train();
        assertEquals(List.of(ModalityKind.AUDIO, ModalityKind.IMAGE), train.modalities().stream().map(ModalitySpec::kind).toList());
        ImageAugmentation aug = ImageAugmentation.builder().optRandomResizedCrop(0.08, 1.0).optHorizontalFlip(true).build();
        BatchAssembler assembler = new BatchAssembler(train);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
        try (NDManager m = NDManager.newBaseManager()) {
            NDList plain = assembler.inputs(m, all, 0, 8);
            NDList a = assembler.inputs(m, all, 0, 8, aug, RandomStreams.of(7, RandomStreams.TRAINING_AUGMENTATION, RandomStreams.batchIndex(1, 0)));
            NDList b = assembler.inputs(m, all, 0, 8, aug, RandomStreams.of(7, RandomStreams.TRAINING_AUGMENTATION, RandomStreams.batchIndex(1, 0)));
            NDList c = assembler.inputs(m, all, 0, 8, aug, RandomStreams.of(7, RandomStreams.TRAINING_AUGMENTATION, RandomStreams.batchIndex(1, 1)));
            assertArrayEquals(plain.get(0).toFloatArray(), a.get(0).toFloatArray(), 0f, "audio is not augmented");
            assertFalse(Arrays.equals(plain.get(1).toFloatArray(), a.get(1).toFloatArray()), "images are");
            assertArrayEquals(a.get(1).toFloatArray(), b.get(1).toFloatArray(), 0f, "same stream, same crops");
            assertFalse(Arrays.equals(a.get(1).toFloatArray(), c.get(1).toFloatArray()), "another batch, other crops");
        }
    }
}
