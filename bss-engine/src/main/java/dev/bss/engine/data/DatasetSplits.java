package dev.bss.engine.data;

/**
 * The splits of one dataset. {@code validation} may be {@code null} when a layout has none (the
 * caller then carves one from {@code train} by a seeded stratified split, see the runner).
 */
public record DatasetSplits(String name, MultimodalDataset train, MultimodalDataset validation, MultimodalDataset test) {
}
