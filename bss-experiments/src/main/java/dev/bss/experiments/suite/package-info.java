/**
 * Experiment suites: a {@link dev.bss.experiments.suite.Suite} names its variants and its report;
 * {@link dev.bss.experiments.suite.SuiteRunner} trains them over seeds (resumable) and aggregates them
 * with {@link dev.bss.experiments.suite.SuiteResults} into tables, plots and {@code report.html}. The
 * built-in suites are listed by {@link dev.bss.experiments.suite.Suites}.
 */
package dev.bss.experiments.suite;
