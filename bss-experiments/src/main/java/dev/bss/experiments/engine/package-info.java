/**
 * The bridge to the engine: {@link dev.bss.experiments.engine.EngineBackend} turns a run spec into a
 * {@code MultimodalTrainer} (dataset from its provider, method from the registry) and forwards the trainer's
 * events to the run directory; {@link dev.bss.experiments.engine.DatasetViews} carves validation splits and
 * selects modalities for uni-only runs. No training logic lives here.
 */
package dev.bss.experiments.engine;
