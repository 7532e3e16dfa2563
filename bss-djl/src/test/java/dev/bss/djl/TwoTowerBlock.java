package dev.bss.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The user-written two-modality model of {@code docs/djl.md}: one small MLP encoder per modality, a linear head on
 * each embedding and a fused linear head on both; it returns {@code [fused, audio, image]} logits, the contract
 * {@link BssScoringListener} reads.
 */
public final class TwoTowerBlock extends AbstractBlock {

    private static final int WIDTH = 16;
    private final Block audio;
    private final Block image;
    private final Block audioHead;
    private final Block imageHead;
    private final Block fusedHead;

    public TwoTowerBlock(int classes) {
        audio = addChildBlock("audio", encoder());
        image = addChildBlock("image", encoder());
        audioHead = addChildBlock("audio-head", Linear.builder().setUnits(classes).build());
        imageHead = addChildBlock("image-head", Linear.builder().setUnits(classes).build());
        fusedHead = addChildBlock("fused-head", Linear.builder().setUnits(classes).build());
    }

    private static Block encoder() {
        return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(WIDTH).build())
                .add(Activation.reluBlock());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray a = audio.forward(ps, new NDList(inputs.get(0)), training).head();
        NDArray v = image.forward(ps, new NDList(inputs.get(1)), training).head();
        NDArray fused = fusedHead.forward(ps, new NDList(a.concat(v, 1)), training).head();
        return new NDList(fused, audioHead.forward(ps, new NDList(a), training).head(),
                imageHead.forward(ps, new NDList(v), training).head());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape logits = fusedHead.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), 2 * WIDTH)})[0];
        return new Shape[] {logits, logits, logits};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        audio.initialize(manager, dataType, inputShapes[0]);
        image.initialize(manager, dataType, inputShapes[1]);
        audioHead.initialize(manager, dataType, new Shape(batch, WIDTH));
        imageHead.initialize(manager, dataType, new Shape(batch, WIDTH));
        fusedHead.initialize(manager, dataType, new Shape(batch, 2 * WIDTH));
    }
}
