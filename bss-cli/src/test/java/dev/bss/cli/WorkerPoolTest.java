package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of {@code bss experiment --workers}: sizing and the child command line. */
class WorkerPoolTest {

    private static final long GIB = 1L << 30;

    @Test
    void defaultIsOneWorkerPerCoreBoundedByMemory() {
        assertEquals(2, WorkerPool.defaultWorkers(2, 24 * GIB));
        assertEquals(3, WorkerPool.defaultWorkers(16, 7 * GIB)); // 7 GiB / 2 GiB
        assertEquals(1, WorkerPool.defaultWorkers(8, GIB));
        assertEquals(1, WorkerPool.defaultWorkers(1, 64 * GIB));
        assertEquals(4, WorkerPool.defaultWorkers(4, 0)); // memory unknown: cores
    }

    @Test
    void threadsShareTheCores() {
        assertEquals(1, WorkerPool.threadsPerWorker(2, 2));
        assertEquals(2, WorkerPool.threadsPerWorker(2, 1));
        assertEquals(2, WorkerPool.threadsPerWorker(5, 2));
        assertEquals(1, WorkerPool.threadsPerWorker(2, 3));
    }

    @Test
    void workersOptionIsDroppedInEitherForm() {
        assertEquals(List.of("study", "--seeds", "2"), WorkerPool.withoutWorkers(List.of("study", "--workers", "2", "--seeds", "2")));
        assertEquals(List.of("study", "--seeds", "2"), WorkerPool.withoutWorkers(List.of("study", "--workers=2", "--seeds", "2")));
    }

    @Test
    void userThreadsWinAndTheLastSetCounts() {
        assertNull(WorkerPool.userThreads(List.of("epochs=1")));
        assertEquals(3, WorkerPool.userThreads(List.of("threads=1", "epochs=1", "threads = 3".replace(" = ", "="))));
    }

    @Test
    void childCommandReplacesTheThreadPropertyAndRunsOneWorker() {
        List<String> cmd = WorkerPool.command("/jdk/bin/java", List.of("-Xmx8g", "-Dai.djl.pytorch.num_threads=2", "-Dbss.home=/r"),
                "a.jar:b.jar", List.of("study", "--seeds", "5"), 1, true);
        assertEquals(List.of("/jdk/bin/java", "-Xmx8g", "-Dbss.home=/r", "-Dai.djl.pytorch.num_threads=1", "-cp", "a.jar:b.jar",
                "dev.bss.cli.Main", "experiment", "study", "--seeds", "5", "--workers", "1", "--set", "threads=1"), cmd);
        List<String> own = WorkerPool.command("java", List.of(), "c", List.of("study"), 3, false);
        assertEquals(List.of("java", "-Dai.djl.pytorch.num_threads=3", "-cp", "c", "dev.bss.cli.Main", "experiment", "study",
                "--workers", "1"), own);
    }
}
