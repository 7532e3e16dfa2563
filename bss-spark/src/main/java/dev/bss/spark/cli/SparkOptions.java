package dev.bss.spark.cli;

import dev.bss.spark.SparkJobs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options every {@code bss spark} job takes: where it runs and extra Spark settings. */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master: local[N], spark://HOST:PORT, k8s://https://HOST:PORT or yarn (default: ${DEFAULT-VALUE}). "
                    + "A remote master that does not answer within 5 s is an error (exit code 2).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (e.g. spark.executor.memory=8g); repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    /** The session of job {@code job} (see {@link SparkJobs#session}). */
    SparkSession session(String job) {
        return SparkJobs.session(master, job, conf);
    }

    /** Stops {@code s} unless it was running before the job started (tests share one). */
    static void release(SparkSession s, boolean wasRunning) {
        if (!wasRunning) {
            s.stop();
        }
    }

    /** Whether a session is running in this JVM already. */
    static boolean running() {
        return SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    }
}
