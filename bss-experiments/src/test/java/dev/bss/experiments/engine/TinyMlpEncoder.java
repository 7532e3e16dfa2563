package dev.bss.experiments.engine;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.model.EncoderFactory;

/** A user encoder named by class in a run spec: flatten, one linear layer, ReLU. */
public final class TinyMlpEncoder implements EncoderFactory {

    @Override
    public Block build(ModalitySpec spec, int embeddingSize) {
        return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(embeddingSize).build())
                .add(Activation.reluBlock());
    }

    @Override
    public int defaultEmbeddingSize() {
        return 24;
    }
}
