package dev.bss.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The settings every job starts with, and the master check (loopback only). */
class SparkJobsTest {

    @Test
    void localJobsBindToLoopbackAndEveryExecutorRunsDjlOffline() {
        SparkConf c = SparkJobs.conf("local[2]", "t", Map.of("spark.executor.memory", "2g"));
        assertEquals("127.0.0.1", c.get("spark.driver.host"));
        assertEquals("127.0.0.1", c.get("spark.driver.bindAddress"));
        assertEquals("false", c.get("spark.ui.enabled"));
        assertEquals("true", c.get("spark.executorEnv.DJL_OFFLINE"));
        assertEquals("true", c.get("spark.executorEnv.OPT_OUT_TRACKING"));
        String opts = c.get("spark.executor.extraJavaOptions");
        assertTrue(opts.contains("-Dai.djl.offline=true") && opts.contains("-DOPT_OUT_TRACKING=true")
                && opts.contains("-Dai.djl.pytorch.num_threads=1") && opts.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), opts);
        assertEquals("2g", c.get("spark.executor.memory"));
        SparkConf cluster = SparkJobs.conf("spark://10.0.0.1:7077", "t", Map.of());
        // a cluster's driver must be reachable from its executors: no loopback binding added (surefire's system properties
        // set one for the whole test JVM, which SparkConf reads like spark-submit's)
        assertEquals(new SparkConf().getOption("spark.driver.bindAddress"), cluster.getOption("spark.driver.bindAddress"));
        assertEquals("true", cluster.get("spark.executorEnv.DJL_OFFLINE"));
    }

    @Test
    void theLauncherAndSurefirePassTheSameJavaOptions() throws Exception {
        Path generated = Path.of("target", "java-options.txt"); // filtered from spark.java17.options in bss-spark/pom.xml
        assertEquals(String.join(" ", SparkJobs.JAVA_17_OPTIONS), Files.readString(generated).strip());
    }

    @Test
    void remoteMastersAreCheckedOnLoopback() throws Exception {
        assertDoesNotThrow(() -> SparkJobs.checkMaster("local[2]"));
        assertDoesNotThrow(() -> SparkJobs.checkMaster("yarn"));
        assertThrows(IllegalArgumentException.class, () -> SparkJobs.checkMaster("mesos://127.0.0.1:5050"));
        assertThrows(IllegalArgumentException.class, () -> SparkJobs.checkMaster("spark://127.0.0.1:port"));
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName(SparkJobs.LOOPBACK))) {
            int port = listening.getLocalPort();
            assertDoesNotThrow(() -> SparkJobs.checkMaster("spark://127.0.0.1:" + port));
            assertDoesNotThrow(() -> SparkJobs.checkMaster("k8s://https://127.0.0.1:" + port));
            listening.close();
            SparkJobs.MasterUnreachableException e = assertThrows(SparkJobs.MasterUnreachableException.class,
                    () -> SparkJobs.checkMaster("spark://127.0.0.1:" + port));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }
    }
}
