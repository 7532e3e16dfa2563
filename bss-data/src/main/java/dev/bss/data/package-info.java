/**
 * Datasets for bss: the shared pieces of {@code bss-data}. {@link dev.bss.data.DataFormatException} is
 * the typed error for bad input, {@link dev.bss.data.ProviderOptions} validates provider options, and
 * the sub-packages hold file readers, audio features, the AV-digits and emoji builders and the loaders
 * for the paper's on-disk layouts.
 */
package dev.bss.data;
