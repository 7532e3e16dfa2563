/**
 * One epoch of the BSS schedulers over a score table of any size: {@link dev.bss.spark.schedule.DistributedSchedule}
 * (weighted permutation by exponential keys and a distributed sort; heuristic subset by a distributed ranking), with
 * counter-based random numbers ({@link dev.bss.spark.schedule.ScheduleKeys}) that make a sequence independent of the
 * partitioning, over tables read by {@link dev.bss.spark.schedule.ScoreTables}.
 */
package dev.bss.spark.schedule;
