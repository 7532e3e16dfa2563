package dev.bss.engine.data;

/** What a modality's per-sample array holds; the model builder picks an encoder preset from it. */
public enum ModalityKind {
    /** A 2-D input with channels: shape {@code {C, H, W}} (images, video frames, spectrograms). */
    IMAGE,
    /** A time-frequency input: shape {@code {C, F, T}} (log-mel or log-STFT spectrograms). */
    AUDIO,
    /** A flat feature vector: shape {@code {D}}. */
    VECTOR,
    /** Token ids stored as floats, padded with 0: shape {@code {L}}; {@link ModalitySpec#vocabularySize()} applies. */
    TOKENS
}
