package dev.bss.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the Spark session of a {@code bss spark} job with the settings every job needs: DJL offline and without
 * telemetry in the driver and in every executor ({@code DJL_OFFLINE}, {@code OPT_OUT_TRACKING}, as environment and
 * system properties), one PyTorch thread per task on executors, the JVM options Spark needs on Java 17, the web UI off,
 * and, for {@code local[...]} masters, the driver bound to loopback only. Before a session is built the master is
 * checked: a {@code spark://} or {@code k8s://} master that does not accept a TCP connection within
 * {@link #CONNECT_TIMEOUT_MS} is one {@link MasterUnreachableException}, instead of Spark's minute of retries.
 */
public final class SparkJobs {

    /** The only address local masters bind to. */
    public static final String LOOPBACK = "127.0.0.1";
    /** How long the master check waits for a TCP connection. */
    public static final int CONNECT_TIMEOUT_MS = 5_000;

    /**
     * JVM options Spark 4 needs on Java 17: those {@code spark-submit} adds itself
     * ({@code org.apache.spark.launcher.JavaModuleOptions} of Spark 4.2), less the options of later JDKs and
     * {@code --add-modules=jdk.incubator.vector} (only MLlib's BLAS uses it, and the JVM warns about it at every start);
     * {@code ./bss spark}, surefire ({@code bss-spark/pom.xml}) and the executors pass them.
     */
    public static final List<String> JAVA_17_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.type=pooled");

    /** System properties every DJL-starting JVM of a job gets (with the environment variables of the same meaning). */
    static final Map<String, String> DJL_PROPERTIES = Map.of("ai.djl.offline", "true", "OPT_OUT_TRACKING", "true");

    private SparkJobs() {
    }

    /** Thrown when the master does not answer; the CLI prints its message as one line and exits with code 2. */
    public static final class MasterUnreachableException extends IllegalArgumentException {
        public MasterUnreachableException(String message) {
            super(message);
        }
    }

    /** The configuration a job's session is built from ({@code conf} entries override the defaults). */
    public static SparkConf conf(String master, String job, Map<String, String> conf) {
        SparkConf c = new SparkConf().setMaster(master).setAppName("bss " + job);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("spark.ui.enabled", "false");
        if (isLocal(master)) {
            d.put("spark.driver.host", LOOPBACK);
            d.put("spark.driver.bindAddress", LOOPBACK);
        }
        d.put("spark.executorEnv.DJL_OFFLINE", "true");
        d.put("spark.executorEnv.OPT_OUT_TRACKING", "true");
        List<String> executorOptions = new ArrayList<>();
        DJL_PROPERTIES.forEach((k, v) -> executorOptions.add("-D" + k + "=" + v));
        executorOptions.add("-Dai.djl.pytorch.num_threads=1");
        executorOptions.add("-Dai.djl.pytorch.num_interop_threads=1");
        executorOptions.addAll(JAVA_17_OPTIONS);
        d.put("spark.executor.extraJavaOptions", String.join(" ", executorOptions));
        d.forEach(c::set);
        conf.forEach(c::set);
        return c;
    }

    /**
     * The session for a job: checks the master, sets the DJL properties in this (driver) JVM and returns the active
     * session when one runs (tests share one), else a new one built from {@link #conf}.
     *
     * @throws MasterUnreachableException when a remote master does not accept a connection
     */
    public static SparkSession session(String master, String job, Map<String, String> conf) {
        checkMaster(master);
        SparkSession active = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession().get()
                : SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
        if (active != null && !active.sparkContext().isStopped()) {
            return active;
        }
        DJL_PROPERTIES.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
        return SparkSession.builder().config(conf(master, job, conf)).getOrCreate();
    }

    /** Whether the master runs everything in this JVM ({@code local}, {@code local[N]}, {@code local[*]}, ...). */
    public static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[") || master.startsWith("local-cluster[");
    }

    /**
     * Checks that a remote master accepts a TCP connection: every host of {@code spark://h1:p1,h2:p2} (one answering is
     * enough), the API server of {@code k8s://https://host:port}. {@code local...} and {@code yarn} are not checked.
     *
     * @throws MasterUnreachableException naming the master and the reason
     * @throws IllegalArgumentException for a master URL that is not understood
     */
    public static void checkMaster(String master) {
        if (isLocal(master) || master.equals("yarn")) {
            return;
        }
        List<InetSocketAddress> targets = new ArrayList<>();
        if (master.startsWith("spark://")) {
            for (String hp : master.substring("spark://".length()).split(",")) {
                targets.add(hostPort(master, hp, 7077));
            }
        } else if (master.startsWith("k8s://")) {
            String rest = master.substring("k8s://".length());
            URI u = URI.create(rest.contains("://") ? rest : "https://" + rest);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("master " + master + ": no host in the URL");
            }
            targets.add(new InetSocketAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 443));
        } else {
            throw new IllegalArgumentException("master '" + master + "' is not understood; use local[N], spark://HOST:PORT, "
                    + "k8s://https://HOST:PORT or yarn");
        }
        String reason = null;
        for (InetSocketAddress a : targets) {
            try (Socket s = new Socket()) {
                s.connect(a, CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                reason = a.getHostString() + ":" + a.getPort() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        throw new MasterUnreachableException("cannot reach the Spark master " + master + " (" + reason + ")");
    }

    private static InetSocketAddress hostPort(String master, String hp, int defaultPort) {
        int colon = hp.lastIndexOf(':');
        String host = colon < 0 ? hp : hp.substring(0, colon);
        int port = defaultPort;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("master " + master + ": port '" + hp.substring(colon + 1) + "' is not a number");
            }
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("master " + master + ": expected spark://HOST:PORT");
        }
        return new InetSocketAddress(host, port);
    }
}
