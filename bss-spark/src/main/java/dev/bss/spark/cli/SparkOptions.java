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

    /** A job's work in its session. */
    @FunctionalInterface
    interface Job<T> {
        T run(SparkSession session) throws Exception;
    }

    /**
     * Runs {@code work} in the session of job {@code name} (see {@link SparkJobs#session}) and stops the session
     * afterwards, unless it was running before (tests share one).
     */
    <T> T run(String name, Job<T> work) throws Exception {
        boolean wasRunning = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession s = SparkJobs.session(master, name, conf);
        try {
            return work.run(s);
        } finally {
            if (!wasRunning) {
                s.stop();
            }
        }
    }
}
