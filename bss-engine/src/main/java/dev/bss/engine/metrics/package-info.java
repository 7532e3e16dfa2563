/**
 * Evaluation metrics: {@link dev.bss.engine.metrics.ClassificationMetrics} (accuracy, sklearn-compatible average
 * precision, MAP and macro-F1) and {@link dev.bss.engine.metrics.SplitMetrics}, one split's numbers after an epoch.
 */
package dev.bss.engine.metrics;
