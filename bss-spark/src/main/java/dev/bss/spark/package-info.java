/**
 * The optional Spark module: dataset preparation, the scoring pass and one epoch's schedule as Spark jobs, for datasets
 * and score tables beyond one machine; training itself stays in one process. {@link dev.bss.spark.SparkJobs} starts
 * every job's session (DJL offline in driver and executors, Java 17 options, loopback for local masters, a fast check
 * of remote masters). Nothing in the project depends on this module.
 */
package dev.bss.spark;
