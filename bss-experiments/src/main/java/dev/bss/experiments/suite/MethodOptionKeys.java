package dev.bss.experiments.suite;

/**
 * The {@code method-options} keys the suites set on BSS methods, in one place so that they follow the
 * method registry's names ({@code bss methods} lists them).
 */
public final class MethodOptionKeys {

    /** Balance criterion id ({@code pred-sim+loss}, {@code feat-sim}, …). */
    public static final String CRITERION = "criterion";
    /** {@code cl} (most balanced first) or {@code anti-cl}. */
    public static final String ORDER = "order";
    /** Pacing function id ({@code root}, {@code linear}, …). */
    public static final String PACING = "pacing";
    /** Initial data fraction λ0. */
    public static final String LAMBDA0 = "lambda0";
    /** Epoch at which pacing reaches 1. */
    public static final String T_GROW = "t-grow";
    /** EMA weight β of the learning-based scheduler. */
    public static final String BETA = "beta";
    /** Score refresh period E in epochs. */
    public static final String UPDATE_EVERY = "refresh-period";

    private MethodOptionKeys() {
    }

    static String set(String key, Object value) {
        return "method-options." + key + "=" + value;
    }
}
