/**
 * Audio input and features: {@link dev.bss.data.audio.WavFile} (a RIFF/WAVE parser), a windowed-sinc
 * {@link dev.bss.data.audio.Resampler}, the {@link dev.bss.data.audio.Stft} both feature recipes share,
 * and {@link dev.bss.data.audio.AudioFeatures}: log-mel (the AV-digits default) or the paper's log-STFT.
 */
package dev.bss.data.audio;
