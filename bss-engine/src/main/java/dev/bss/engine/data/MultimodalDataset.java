package dev.bss.engine.data;

import java.util.List;

/**
 * A random-access multimodal split. Implementations are plain Java (no engine types), so dataset
 * builders and loaders need no engine knowledge; the engine batches samples into tensors itself.
 */
public interface MultimodalDataset {

    /** The modalities, in the order of {@link MultimodalSample#modalities()}. */
    List<ModalitySpec> modalities();

    /** Class names; their count is the number of classes. */
    List<String> classNames();

    default int numClasses() {
        return classNames().size();
    }

    /** Number of samples in this split. */
    int size();

    /** The sample at {@code index} in {@code [0, size())}. */
    MultimodalSample get(int index);

    /**
     * A content checksum for provenance (for instance of the cache file this split came from);
     * {@code "unknown"} when the source cannot say.
     */
    default String checksum() {
        return "unknown";
    }
}
