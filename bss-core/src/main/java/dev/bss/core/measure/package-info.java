/**
 * The multi-perspective measurer of BSS: per-sample raw statistics ({@link dev.bss.core.measure.SampleStatistics}),
 * the criteria of the paper's appendix Table 1 ({@link dev.bss.core.measure.Criterion}), normalisations and the
 * central type {@link dev.bss.core.measure.BalanceMeasurer}, which turns raw statistics into balance scores
 * (higher = more balanced).
 */
package dev.bss.core.measure;
