package dev.bss.engine.train;

import ai.djl.engine.Engine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * PyTorch's intra-op thread count, the one engine setting besides the seed that decides the bits of a run: with a
 * fixed count every parallel kernel splits its work the same way each time, so the same seed gives the same losses
 * to the last bit (tested with 1 and 2 threads, {@code DeterminismTest}); a different count regroups floating-point
 * sums (reductions, GEMM blocking) and changes the last bits, which training then amplifies. The launcher sets it at
 * engine start ({@code -Dai.djl.pytorch.num_threads}); a run spec's {@code threads} overrides it per run.
 *
 * <p>The PyTorch engine is a runtime dependency of this module (users may swap the native flavour), so its
 * {@code JniUtils.getNumThreads}/{@code setNumThreads} are reached by reflection.
 */
public final class EngineThreads {

    private EngineThreads() {
    }

    /** The current intra-op thread count (starts the engine if needed). */
    public static int current() {
        Engine.getInstance();
        return (Integer) invoke("getNumThreads", new Class<?>[0]);
    }

    /**
     * Sets the intra-op thread count for what runs next in this JVM.
     *
     * @throws IllegalArgumentException naming {@code threads} when it is below 1
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Engine.getInstance();
        invoke("setNumThreads", new Class<?>[] {int.class}, threads);
    }

    private static Object invoke(String name, Class<?>[] types, Object... args) {
        try {
            Method m = Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod(name, types);
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("engine threads need the PyTorch engine (ai.djl.pytorch:pytorch-engine) on the classpath", e);
        }
    }
}
