/**
 * The one training loop: {@link dev.bss.engine.train.MultimodalTrainer} runs any
 * {@link dev.bss.engine.train.TrainingMethod} (hooks for data, forward, objective and optimisation), scores samples
 * in a {@link dev.bss.engine.train.ScoringMode}, evaluates every epoch, writes checkpoints and reports to
 * {@link dev.bss.engine.train.TrainingListener}s.
 */
package dev.bss.engine.train;
