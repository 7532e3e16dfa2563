/**
 * Paper-layout folders into prepared caches with the decoding spread over a cluster:
 * {@link dev.bss.spark.prepare.DistributedPrepare}, byte-identical to the single-machine {@code LayoutCache.prepare}.
 */
package dev.bss.spark.prepare;
