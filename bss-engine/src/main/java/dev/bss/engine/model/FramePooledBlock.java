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
 * Applies a frame encoder to a clip {@code {B, C, T, H, W}} (channels before frames, the layout every loader writes,
 * as the reference code's visual tensors {@code (B, C, T, H, W)}) by moving time next to the batch and folding it
 * into it ({@code {B·T, C, H, W}}), then averaging the {@code {B, T, D}} embeddings over time, as the reference code
 * pools multi-frame visual features ({@code resnet18} permutes {@code (B, C, T, H, W)} to {@code (B·T, C, H, W)}
 * and average-pools over frames after the encoder).
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
        long c = s.get(1);
        long t = s.get(2);
        NDArray folded = x.transpose(0, 2, 1, 3, 4).reshape(new Shape(b * t, c).addAll(s.slice(3)));
        NDArray e = frameEncoder.forward(ps, new NDList(folded), training).singletonOrThrow();
        return new NDList(e.reshape(b, t, -1).mean(new int[] {1}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape folded = frameShape(s);
        Shape e = frameEncoder.getOutputShapes(new Shape[] {folded})[0];
        return new Shape[] {new Shape(s.get(0), e.get(1))};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        frameEncoder.initialize(manager, dataType, frameShape(inputShapes[0]));
    }

    /** {@code {B, C, T, H, W}} → the frame encoder's input {@code {B·T, C, H, W}}. */
    private static Shape frameShape(Shape s) {
        return new Shape(s.get(0) * s.get(2), s.get(1)).addAll(s.slice(3));
    }
}
