package dev.bss.engine.train;

import ai.djl.engine.Engine;

/**
 * PyTorch's intra-op thread count, the one engine setting besides the seed that decides the bits of a run: with a
 * fixed count every parallel kernel splits its work the same way each time, so the same seed gives the same losses
 * to the last bit (tested with 1 and 2 threads, {@code DeterminismTest}); a different count regroups floating-point
 * sums (reductions, GEMM blocking) and changes the last bits, which training then amplifies. The launcher sets it at
 * engine start ({@code -Dai.djl.pytorch.num_threads}); a run spec's {@code threads} overrides it per run.
 *
 * <p>PyTorch's {@code JniUtils} is called by name: {@code bss-engine} has {@code pytorch-engine} at runtime scope only
 * (no engine-specific code at compile time). With another engine {@link #current()} is 0 and {@link #set} does nothing.
 */
public final class EngineThreads {

    private EngineThreads() {
    }

    /** The current intra-op thread count (starts the engine if needed). */
    public static int current() {
        Engine.getInstance();
        Object n = pytorch("getNumThreads", new Class<?>[0]);
        return n instanceof Integer i ? i : 0;
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
        pytorch("setNumThreads", new Class<?>[] {int.class}, threads);
    }

    /** Calls a static method of PyTorch's {@code JniUtils}; {@code null} when the PyTorch engine is not on the classpath. */
    private static Object pytorch(String method, Class<?>[] types, Object... args) {
        Class<?> jni;
        try {
            jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
        } catch (ClassNotFoundException e) {
            return null;
        }
        try {
            return jni.getMethod(method, types).invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("PyTorch JniUtils." + method + " failed: " + e, e);
        }
    }
}
