/**
 * {@link dev.bss.spark.bench.SparkBench}: scoring throughput and schedule time in process against Spark, the figures
 * of {@code docs/scale.md}. A benchmark, never a test.
 */
package dev.bss.spark.bench;
