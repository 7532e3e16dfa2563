/**
 * Loaders for the paper's on-disk layouts (method.md section 7): CREMA-D, Kinetics-Sounds, VGGSound,
 * Twitter2015, Sarcasm and NVGesture. Each {@link dev.bss.data.layouts.PaperLayout} indexes the annotation
 * files into {@link dev.bss.data.layouts.LayoutEntry}s, reporting every problem to {@link dev.bss.data.layouts.Problems},
 * and decodes samples lazily; {@link dev.bss.data.layouts.LayoutProvider} exposes each as a
 * {@code DatasetProvider} and {@link dev.bss.data.layouts.LayoutCheck} validates a folder without training.
 */
package dev.bss.data.layouts;
