/**
 * Balance-aware sequence sampling inside a user's own DJL training loop ({@code EasyTrain} or hand-written): the central
 * type {@link dev.bss.djl.BssSampler} is a DJL {@code Sampler} drawing each epoch's order from a bss-core
 * {@code SequenceScheduler}, {@link dev.bss.djl.BssScoringListener} scores the training samples and feeds the
 * scheduler, and {@link dev.bss.djl.MultimodalRandomAccessDataset} turns a bss dataset into a DJL
 * {@code RandomAccessDataset}. Nothing here needs bss's own trainer.
 */
package dev.bss.djl;
