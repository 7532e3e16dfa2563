/**
 * The model builder: {@link dev.bss.engine.model.ModelConfig} turns a dataset's modalities into a
 * {@link dev.bss.engine.model.MultimodalNetwork} (one {@link dev.bss.engine.model.EncoderPreset} encoder and one
 * linear head per modality, plus a pluggable {@link dev.bss.engine.model.Fusion}, {@code concat} by default).
 */
package dev.bss.engine.model;
