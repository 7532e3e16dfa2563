/**
 * Statistics over seeds: {@link dev.bss.experiments.stats.Summary} (mean ± std and the 95 % Student-t
 * confidence interval), {@link dev.bss.experiments.stats.PairedDifference} (a method minus vanilla on the
 * same seeds) and {@link dev.bss.experiments.stats.RankCorrelation} (Spearman ρ), on Commons Math.
 */
package dev.bss.experiments.stats;
