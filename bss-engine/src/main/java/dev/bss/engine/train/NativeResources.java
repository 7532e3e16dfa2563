package dev.bss.engine.train;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Field;
import java.util.Map;

/** Counts native arrays attached to a manager tree (diagnostics and the resource-growth test). */
public final class NativeResources {

    private NativeResources() {
    }

    /** Number of NDArrays attached to {@code manager} and its open sub-managers (recursively). */
    public static long countArrays(NDManager manager) {
        if (!(manager instanceof BaseNDManager)) {
            return -1;
        }
        try {
            Field f = BaseNDManager.class.getDeclaredField("resources");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, AutoCloseable> resources = (Map<String, AutoCloseable>) f.get(manager);
            long count = 0;
            for (AutoCloseable r : resources.values()) {
                if (r instanceof NDArray) {
                    count++;
                } else if (r instanceof NDManager sub) {
                    count += 1 + Math.max(0, countArrays(sub));
                }
            }
            return count;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
