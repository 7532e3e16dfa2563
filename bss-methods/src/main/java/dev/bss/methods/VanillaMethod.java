package dev.bss.methods;

import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.core.schedule.ShuffleScheduler;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingMethod;

/**
 * Plain late-fusion training with a uniform shuffle every epoch. {@code vanilla} trains the fused head only (the
 * paper's "Concat"); {@code vanilla-uni} adds the unimodal cross-entropies ({@code CE_mm + Σ CE_m}, the reference
 * code's baseline). Hooks: {@code sequenceScheduler} (shuffle), {@code lossWeights}.
 */
public final class VanillaMethod implements TrainingMethod {

    private final String id;
    private final LossWeights weights;

    public VanillaMethod(String id, LossWeights weights) {
        this.id = id;
        this.weights = weights;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SequenceScheduler sequenceScheduler(TrainingContext context) {
        return ShuffleScheduler.builder().setSize(context.trainSet().size()).setSeed(context.seed()).build();
    }

    @Override
    public LossWeights lossWeights() {
        return weights;
    }
}
