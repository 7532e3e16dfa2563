package dev.bss.engine.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count, the one engine setting besides the seed that decides the bits of a run: with a
 * fixed count every parallel kernel splits its work the same way each time, so the same seed gives the same losses
 * to the last bit (tested with 1 and 2 threads, {@code DeterminismTest}); a different count regroups floating-point
 * sums (reductions, GEMM blocking) and changes the last bits, which training then amplifies. The launcher sets it at
 * engine start ({@code -Dai.djl.pytorch.num_threads}); a run spec's {@code threads} overrides it per run.
 */
public final class EngineThreads {

    private EngineThreads() {
    }

    /** The current intra-op thread count (starts the engine if needed). */
    public static int current() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
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
        JniUtils.setNumThreads(threads);
    }
}
