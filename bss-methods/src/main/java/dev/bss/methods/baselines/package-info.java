/**
 * The imbalance baselines as plug-ins of the one training loop: {@link dev.bss.methods.baselines.OgmGe},
 * {@link dev.bss.methods.baselines.Agm}, {@link dev.bss.methods.baselines.Pmr}, {@link dev.bss.methods.baselines.Mslr},
 * {@link dev.bss.methods.baselines.Mses}, {@link dev.bss.methods.baselines.GradientBlending},
 * {@link dev.bss.methods.baselines.Domfn}, {@link dev.bss.methods.baselines.ReconBoost},
 * {@link dev.bss.methods.baselines.MmPareto}, {@link dev.bss.methods.baselines.Smv} and
 * {@link dev.bss.methods.baselines.Mla}, each with its core computation factored into pure static functions.
 * {@link dev.bss.methods.baselines.Baselines} lists their descriptors; {@link dev.bss.methods.CompositeMethod}
 * composes a data-level method (BSS) with one of them ({@code bss-l+ogm-ge}).
 */
package dev.bss.methods.baselines;
