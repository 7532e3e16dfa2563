package dev.bss.engine.data;

import java.util.Arrays;

/**
 * Describes one modality of a multimodal dataset.
 *
 * @param name stable name used in configs and reports ({@code audio}, {@code image}, {@code text}, ...)
 * @param kind what the array holds
 * @param shape per-sample shape without the batch dimension
 * @param vocabularySize number of token ids for {@link ModalityKind#TOKENS} (0 otherwise)
 */
public record ModalitySpec(String name, ModalityKind kind, int[] shape, int vocabularySize) {

    public ModalitySpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("modality name must not be blank");
        }
        if (kind == null) {
            throw new IllegalArgumentException("modality '" + name + "': kind must not be null");
        }
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("modality '" + name + "': shape must not be empty");
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("modality '" + name + "': shape " + Arrays.toString(shape) + " has a non-positive dimension");
            }
        }
        if (kind == ModalityKind.TOKENS && vocabularySize <= 0) {
            throw new IllegalArgumentException("modality '" + name + "': TOKENS needs a positive vocabularySize");
        }
        shape = shape.clone();
    }

    public static ModalitySpec of(String name, ModalityKind kind, int... shape) {
        return new ModalitySpec(name, kind, shape, 0);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of floats per sample (product of the shape). */
    public int elementCount() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModalitySpec m && m.name.equals(name) && m.kind == kind
                && Arrays.equals(m.shape, shape) && m.vocabularySize == vocabularySize;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + kind.hashCode()) * 31 + Arrays.hashCode(shape) + vocabularySize;
    }

    @Override
    public String toString() {
        return name + "[" + kind + " " + Arrays.toString(shape) + (vocabularySize > 0 ? " vocab=" + vocabularySize : "") + "]";
    }
}
