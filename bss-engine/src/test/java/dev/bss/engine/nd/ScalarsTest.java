package dev.bss.engine.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between the forward and the backward pass must not change a gradient. The forward pass
 * multiplies by 3 and the backward pass must give exactly 3, after the JVM has collected and freed every unreachable
 * direct buffer, and malloc has handed small blocks out again filled with 1e30.
 */
class ScalarsTest {

    /** d/dx sum(f(x)) at x = (1, 2, 3, 4), with collections and reuse of freed native memory in between. */
    private static float[] gradientAcrossCollections(UnaryOperator<NDArray> f) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                List<ByteBuffer> reuse = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    System.gc();
                    Thread.sleep(20); // the reference handler frees direct buffers whose owner is gone
                    for (int i = 0; i < 256; i++) {
                        ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                        b.putFloat(0, 1e30f);
                        reuse.add(b);
                    }
                }
                collector.backward(y);
                reuse.clear();
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void aScalarFromScalarsSurvivesCollectionsBetweenForwardAndBackward() throws InterruptedException {
        assertArrayEquals(new float[] {3, 3, 3, 3}, gradientAcrossCollections(x -> Scalars.times(x, 3)));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, gradientAcrossCollections(x -> Scalars.over(x, 2)));
        assertArrayEquals(new float[] {2, 4, 6, 8}, gradientAcrossCollections(x -> Scalars.power(x, 2)));
        // max(x, 2.5): gradient 1 where x > 2.5
        assertArrayEquals(new float[] {0, 0, 1, 1}, gradientAcrossCollections(x -> Scalars.atLeast(x, 2.5)));
    }

    /**
     * The hazard itself, in DJL 0.36: {@code mul(Number)} loses its scalar to the collector and the gradient comes
     * out of freed memory. If a DJL upgrade fixes this, this test fails: then {@link Scalars} may go.
     */
    @Test
    void djlsOwnNumberOverloadReadsFreedMemoryInTheBackwardPass() throws InterruptedException {
        float[] g = gradientAcrossCollections(x -> x.mul(3f));
        assertFalse(Arrays.equals(new float[] {3, 3, 3, 3}, g), "mul(Number) kept its scalar: " + Arrays.toString(g));
    }
}
