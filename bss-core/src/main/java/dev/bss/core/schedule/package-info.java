/**
 * Schedulers that turn balance scores into each epoch's sample sequence. The central type is
 * {@link dev.bss.core.schedule.SequenceScheduler}, implemented by the heuristic (curriculum) scheduler
 * and the learning-based scheduler of Guan, Jiang and Yang (IJCAI 2025).
 */
package dev.bss.core.schedule;
