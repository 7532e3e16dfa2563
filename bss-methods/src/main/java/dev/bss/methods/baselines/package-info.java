/**
 * The imbalance baselines as plug-ins of the one training loop: {@link dev.bss.methods.baselines.OgmGe},
 * {@link dev.bss.methods.baselines.Agm}, {@link dev.bss.methods.baselines.Pmr}, {@link dev.bss.methods.baselines.Mslr}
 * and {@link dev.bss.methods.baselines.Mses}, each with its core computation factored into pure static functions.
 * {@link dev.bss.methods.baselines.Baselines} lists their descriptors; {@link dev.bss.methods.baselines.CompositeMethod}
 * composes a data-level method (BSS) with one of them ({@code bss-l+ogm-ge}).
 */
package dev.bss.methods.baselines;
