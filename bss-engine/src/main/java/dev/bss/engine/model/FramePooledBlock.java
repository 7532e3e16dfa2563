package dev.bss.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Applies a frame encoder to {@code {B, T, C, H, W}} by folding time into the batch ({@code {B·T, C, H, W}}) and
 * averaging the {@code {B, T, D}} embeddings over time, as the reference code pools multi-frame visual features.
 */
final class FramePooledBlock extends AbstractBlock {

    private final Block frameEncoder;

    FramePooledBlock(Block frameEncoder) {
        this.frameEncoder = addChildBlock("frames", frameEncoder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        NDArray folded = x.reshape(new Shape(b * t).addAll(s.slice(2)));
        NDArray e = frameEncoder.forward(ps, new NDList(folded), training).singletonOrThrow();
        return new NDList(e.reshape(b, t, -1).mean(new int[] {1}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape folded = new Shape(s.get(0) * s.get(1)).addAll(s.slice(2));
        Shape e = frameEncoder.getOutputShapes(new Shape[] {folded})[0];
        return new Shape[] {new Shape(s.get(0), e.get(1))};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        frameEncoder.initialize(manager, dataType, new Shape(s.get(0) * s.get(1)).addAll(s.slice(2)));
    }
}
