package dev.bss.engine.model;

import ai.djl.nn.Block;
import dev.bss.engine.data.ModalitySpec;

/**
 * Builds the encoder of one modality: a block mapping a batch {@code {B, ...spec.shape()}} to an embedding
 * {@code {B, embeddingSize}}. The presets ({@link EncoderPreset}) are factories; bring your own by implementing this
 * interface and passing it to {@link ModelConfig.Builder#optEncoder(String, EncoderFactory)}, or, in a run spec, by
 * naming the class ({@code model.encoders: {audio: com.example.MyEncoder}}; it needs a public no-argument
 * constructor and must be on the classpath).
 *
 * <p>The block may be uninitialised; the network initialises it with the modality's input shape. Its parameters are
 * trained, checkpointed and exported ({@code model.safetensors}) under the child name {@code encoder-<modality>}.
 */
@FunctionalInterface
public interface EncoderFactory {

    /** A new encoder for {@code spec} producing {@code embeddingSize} features per sample. */
    Block build(ModalitySpec spec, int embeddingSize);

    /** The embedding size used when none is configured (default 128). */
    default int defaultEmbeddingSize() {
        return 128;
    }
}
