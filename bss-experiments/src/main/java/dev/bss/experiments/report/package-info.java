/**
 * Outputs of experiments: {@link dev.bss.experiments.report.Table} (CSV, Markdown, LaTeX, HTML),
 * {@link dev.bss.experiments.report.Plots} (PNG charts with XChart) and
 * {@link dev.bss.experiments.report.HtmlReport} (one self-contained {@code report.html} per suite).
 */
package dev.bss.experiments.report;
