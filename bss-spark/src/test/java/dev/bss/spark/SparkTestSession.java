package dev.bss.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test JVM: {@code local[2]}, bound to loopback, UI off (surefire also sets
 * {@code SPARK_LOCAL_IP=127.0.0.1}), started on first use and stopped when the JVM exits, so that the test classes
 * share one start-up. Jobs the tests start through the CLI reuse it ({@link SparkJobs#session}).
 */
public final class SparkTestSession {

    public static final String MASTER = "local[2]";
    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkJobs.session(MASTER, "tests", Map.of("spark.sql.shuffle.partitions", "2", "spark.default.parallelism", "2",
                    // tiny test tables: interpreting beats compiling generated code for every new plan
                    "spark.sql.codegen.wholeStage", "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN"));
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
