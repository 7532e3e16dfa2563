/**
 * AV-digits, the default audio-visual dataset: an MNIST digit paired with the digit's word spoken by a
 * synthetic {@code espeak-ng} {@link dev.bss.data.avdigits.Speaker}, with per-sample corruption drawn
 * from the ranges of an {@link dev.bss.data.avdigits.AvDigitsRecipe}. {@link dev.bss.data.avdigits.AvDigitsBuilder}
 * prepares the cache and {@link dev.bss.data.avdigits.AvDigitsProvider} loads it.
 */
package dev.bss.data.avdigits;
