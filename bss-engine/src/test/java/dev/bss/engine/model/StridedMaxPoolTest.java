package dev.bss.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StridedMaxPoolTest {

    private static final UnaryOperator<NDArray> REFERENCE =
            x -> Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);

    @Test
    void valuesEqualMaxPoolIncludingOddSizes() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            for (Shape s : new Shape[] {new Shape(2, 3, 8, 10), new Shape(1, 2, 7, 5), new Shape(3, 1, 2, 3)}) {
                NDArray x = m.randomNormal(s);
                NDArray expected = REFERENCE.apply(x);
                NDArray actual = StridedMaxPool.pool(x);
                assertEquals(expected.getShape(), actual.getShape(), s.toString());
                assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f, s.toString());
            }
        }
    }

    @Test
    void blockIsMaxPoolInTrainingAndInference() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            NDArray x = m.randomNormal(new Shape(2, 3, 6, 9));
            Block block = StridedMaxPool.block();
            block.initialize(m, DataType.FLOAT32, x.getShape());
            assertEquals(new Shape(2, 3, 3, 4), block.getOutputShapes(new Shape[] {x.getShape()})[0]);
            float[] expected = REFERENCE.apply(x).toFloatArray();
            ParameterStore store = new ParameterStore(m, false);
            for (boolean training : new boolean[] {true, false}) {
                assertArrayEquals(expected, block.forward(store, new NDList(x), training).singletonOrThrow().toFloatArray(), 0f);
            }
        }
    }
}
