/**
 * The engine-neutral multimodal dataset contract: {@link dev.bss.engine.data.MultimodalDataset} holds
 * {@link dev.bss.engine.data.MultimodalSample}s with a float array per modality, a label and a stable id;
 * {@link dev.bss.engine.data.DatasetProvider}s are found by name through the service loader.
 */
package dev.bss.engine.data;
