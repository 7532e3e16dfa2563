/**
 * Text input without hub downloads: the reference code's cleaning ({@link dev.bss.data.text.TextCleaning})
 * and a word-level {@link dev.bss.data.text.Vocabulary} built from the training split only, encoding a
 * text as a fixed-length array of token ids padded with 0.
 */
package dev.bss.data.text;
