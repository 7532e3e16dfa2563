package dev.bss.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * 2×2 max-pool with stride 2 (odd trailing rows/columns dropped, as {@code MaxPool2d(2)}). In inference it is computed
 * as two element-wise maxima of strided views, first over row pairs, then over column pairs: on CPU several times
 * faster than PyTorch's NCHW max-pool kernel (torch 1.13, 64×32×40×100: 4.3 ms against 33.9 ms) and bit-identical.
 * In training it is PyTorch's max-pool, whose backward is much cheaper than that of strided views (measured: training
 * throughput fell from about 155 to 105 samples/s with strided views in training too).
 */
public final class StridedMaxPool extends AbstractBlock {

    /** The pooling as a parameter-free block for {@code {B, C, H, W}} inputs. */
    public static Block block() {
        return new StridedMaxPool();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(training ? Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false) : pool(x));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2)};
    }

    /** {@code {B, C, H, W}} → {@code {B, C, ⌊H/2⌋, ⌊W/2⌋}}. */
    public static NDArray pool(NDArray x) {
        long h = x.getShape().get(2) / 2 * 2;
        long w = x.getShape().get(3) / 2 * 2;
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException("2x2 max-pool needs H, W >= 2, got " + x.getShape());
        }
        NDArray rows = x.get(new NDIndex(":, :, 0:{}:2", h)).maximum(x.get(new NDIndex(":, :, 1:{}:2", h)));
        return rows.get(new NDIndex(":, :, :, 0:{}:2", w)).maximum(rows.get(new NDIndex(":, :, :, 1:{}:2", w)));
    }
}
