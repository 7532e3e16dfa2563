package dev.bss.engine.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link MultimodalDataset} held in memory as a list of samples. Validates on construction that every
 * sample has one array per modality of the right length, a label in range and a unique id.
 */
public final class InMemoryMultimodalDataset implements MultimodalDataset {

    private final List<ModalitySpec> modalities;
    private final List<String> classNames;
    private final List<MultimodalSample> samples;
    private final String checksum;

    /**
     * @param modalities modality specs, in sample order
     * @param classNames class names
     * @param samples the samples (copied into an unmodifiable list; the arrays are not copied)
     * @param checksum provenance checksum or {@code "unknown"}
     */
    public InMemoryMultimodalDataset(List<ModalitySpec> modalities, List<String> classNames,
            List<MultimodalSample> samples, String checksum) {
        this.modalities = List.copyOf(modalities);
        this.classNames = List.copyOf(classNames);
        this.samples = Collections.unmodifiableList(new ArrayList<>(samples));
        this.checksum = checksum == null ? "unknown" : checksum;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < this.samples.size(); i++) {
            MultimodalSample s = this.samples.get(i);
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("sample " + i + ": duplicate id '" + s.id() + "'");
            }
            if (s.label() < 0 || s.label() >= this.classNames.size()) {
                throw new IllegalArgumentException("sample '" + s.id() + "': label " + s.label()
                        + " outside [0, " + this.classNames.size() + ")");
            }
            if (s.modalities().length != this.modalities.size()) {
                throw new IllegalArgumentException("sample '" + s.id() + "': " + s.modalities().length
                        + " modality arrays, expected " + this.modalities.size());
            }
            for (int m = 0; m < this.modalities.size(); m++) {
                int expected = this.modalities.get(m).elementCount();
                if (s.modalities()[m].length != expected) {
                    throw new IllegalArgumentException("sample '" + s.id() + "', modality '"
                            + this.modalities.get(m).name() + "': " + s.modalities()[m].length
                            + " values, expected " + expected);
                }
            }
        }
    }

    @Override
    public List<ModalitySpec> modalities() {
        return modalities;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public MultimodalSample get(int index) {
        return samples.get(index);
    }

    @Override
    public String checksum() {
        return checksum;
    }
}
