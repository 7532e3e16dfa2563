package dev.bss.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * A clip {@code {B, C, T, H, W}} (the loaders' layout: Kinetics-Sounds {3, 3, 224, 224}, NVGesture {3|1|2, F, S, S})
 * is encoded frame by frame: the pooled embedding equals the mean of the frame encoder applied to each
 * {@code x[:, :, t]} separately. Reading the clip as {@code {B, T, C, H, W}} instead (the bug this pins) mixes
 * channels of different frames and fails both the shapes and the values.
 */
class FramePooledBlockTest {

    @Test
    void clipIsEncodedFrameByFrameOverTheTimeAxisAfterChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            long b = 2;
            long c = 3;
            long t = 4;
            SequentialBlock frame = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(5).build())
                    .add(Blocks.batchFlattenBlock());
            FramePooledBlock pooled = new FramePooledBlock(frame);
            Shape clip = new Shape(b, c, t, 2, 2);
            pooled.initialize(m, DataType.FLOAT32, clip);
            assertEquals(new Shape(b, 5 * 2 * 2), pooled.getOutputShapes(new Shape[] {clip})[0]);
            m.getEngine().setRandomSeed(7);
            NDArray x = m.randomNormal(clip);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray got = pooled.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray sum = null;
            for (int k = 0; k < t; k++) {
                NDArray e = frame.forward(ps, new NDList(x.get(":, :, " + k)), false).singletonOrThrow();
                sum = sum == null ? e : sum.add(e);
            }
            NDArray want = sum.div(t);
            assertEquals(want.getShape(), got.getShape());
            float[] g = got.toFloatArray();
            float[] w = want.toFloatArray();
            assertArrayEquals(w, g, 1e-5f);
        }
    }
}
