package dev.bss.engine.train;

import ai.djl.ndarray.NDArray;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A back-propagation that keeps the autograd graph (PyTorch's {@code backward(retain_graph=True)}), for batches with
 * several back-propagations ({@link TrainingMethod#subSteps}, {@link BatchContext#gradientsOf}). DJL's
 * {@code GradientCollector.backward} always frees the graph and has no such option; the PyTorch engine's
 * {@code JniUtils.backward(array, gradient, keepGraph, createGraph)} has it. It is reached by reflection so that the
 * engine module keeps no compile-time dependency on one engine; with another engine the methods that need it fail
 * with a clear message.
 */
final class GraphKeepingBackward {

    private static final String PYTORCH = "PyTorch";
    private static volatile Method backward;

    private GraphKeepingBackward() {
    }

    /** Back-propagates {@code loss} (a scalar) with gradient 1, keeping the graph for another back-propagation. */
    static void backward(NDArray loss) {
        String engine = loss.getManager().getEngine().getEngineName();
        if (!PYTORCH.equals(engine)) {
            throw new UnsupportedOperationException("several back-propagations per batch (sub-steps, per-loss gradients) need the PyTorch"
                    + " engine; this run uses " + engine);
        }
        try {
            method().invoke(null, loss, loss.onesLike(), true, false);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("graph-keeping backward failed", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the PyTorch engine's JniUtils.backward is not reachable", e);
        }
    }

    private static Method method() throws ReflectiveOperationException {
        Method m = backward;
        if (m == null) {
            ClassLoader loader = GraphKeepingBackward.class.getClassLoader();
            Class<?> array = Class.forName("ai.djl.pytorch.engine.PtNDArray", true, loader);
            m = Class.forName("ai.djl.pytorch.jni.JniUtils", true, loader).getMethod("backward", array, array, boolean.class, boolean.class);
            backward = m;
        }
        return m;
    }
}
