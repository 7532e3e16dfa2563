package dev.bss.engine.data;

import java.util.Map;

/**
 * One training or evaluation example: a float array per modality (flattened in the order of
 * {@link ModalitySpec#shape()}), a class label, a stable id and optional metadata (for instance the
 * ground-truth corruption levels of AV-digits), which is kept through sampling so that per-sample
 * scores map back to ids.
 *
 * @param id stable sample id, unique within a split
 * @param label class index in {@code [0, numClasses)}
 * @param modalities one flattened array per modality, in the dataset's modality order
 * @param metadata free-form per-sample facts (never used for training)
 */
public record MultimodalSample(String id, int label, float[][] modalities, Map<String, String> metadata) {

    public MultimodalSample {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
