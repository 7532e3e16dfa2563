package dev.bss.experiments.engine;

import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Read-only views of a {@link MultimodalDataset}: a subset of its samples (the validation carve) and a subset
 * of its modalities (uni-only runs). Views copy nothing but index arrays.
 */
public final class DatasetViews {

    private DatasetViews() {
    }

    /** The samples at {@code indices}, in that order. */
    public static MultimodalDataset samples(MultimodalDataset base, int[] indices, String checksumSuffix) {
        int[] idx = indices.clone();
        return new MultimodalDataset() {
            @Override
            public List<ModalitySpec> modalities() {
                return base.modalities();
            }

            @Override
            public List<String> classNames() {
                return base.classNames();
            }

            @Override
            public int size() {
                return idx.length;
            }

            @Override
            public MultimodalSample get(int index) {
                return base.get(idx[index]);
            }

            @Override
            public String checksum() {
                return base.checksum() + checksumSuffix;
            }
        };
    }

    /**
     * Only the named modalities, in the order given.
     *
     * @throws IllegalArgumentException naming the available modalities when one is unknown
     */
    public static MultimodalDataset modalities(MultimodalDataset base, List<String> names) {
        List<ModalitySpec> all = base.modalities();
        int[] keep = new int[names.size()];
        List<ModalitySpec> specs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int found = -1;
            for (int m = 0; m < all.size(); m++) {
                if (all.get(m).name().equals(names.get(i))) {
                    found = m;
                }
            }
            if (found < 0) {
                throw new dev.bss.experiments.spec.SpecInputException("model.modalities", "unknown modality '" + names.get(i)
                        + "'; the dataset has: " + String.join(", ", all.stream().map(ModalitySpec::name).toList()));
            }
            keep[i] = found;
            specs.add(all.get(found));
        }
        List<ModalitySpec> kept = List.copyOf(specs);
        return new MultimodalDataset() {
            @Override
            public List<ModalitySpec> modalities() {
                return kept;
            }

            @Override
            public List<String> classNames() {
                return base.classNames();
            }

            @Override
            public int size() {
                return base.size();
            }

            @Override
            public MultimodalSample get(int index) {
                MultimodalSample s = base.get(index);
                float[][] arrays = new float[keep.length][];
                for (int i = 0; i < keep.length; i++) {
                    arrays[i] = s.modalities()[keep[i]];
                }
                return new MultimodalSample(s.id(), s.label(), arrays, s.metadata());
            }

            @Override
            public String checksum() {
                return base.checksum();
            }
        };
    }

    /**
     * A seeded stratified split of {@code base} into {@code [train, validation]}: within each class the indices
     * are shuffled (Fisher–Yates with {@link SplittableRandom}{@code (seed)}) and the first
     * {@code round(fraction · n_c)} go to validation (at least one when the class has two or more samples, never
     * all). Both parts keep dataset order.
     */
    public static MultimodalDataset[] carveValidation(MultimodalDataset base, double fraction, long seed) {
        int k = base.numClasses();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < base.size(); i++) {
            byClass.get(base.get(i).label()).add(i);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] isVal = new boolean[base.size()];
        for (List<Integer> members : byClass) {
            int n = members.size();
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            int take = (int) Math.round(fraction * n);
            if (n >= 2) {
                take = Math.max(1, Math.min(n - 1, take));
            } else {
                take = 0;
            }
            for (int i = 0; i < take; i++) {
                isVal[members.get(i)] = true;
            }
        }
        int[] train = java.util.stream.IntStream.range(0, base.size()).filter(i -> !isVal[i]).toArray();
        int[] val = java.util.stream.IntStream.range(0, base.size()).filter(i -> isVal[i]).toArray();
        return new MultimodalDataset[] {
            samples(base, train, "/train-carve-" + seed + "-" + fraction),
            samples(base, val, "/val-carve-" + seed + "-" + fraction)
        };
    }

    static int[] copy(int[] a) {
        return Arrays.copyOf(a, a.length);
    }
}
