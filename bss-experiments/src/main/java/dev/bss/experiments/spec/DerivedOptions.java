package dev.bss.experiments.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place that derives method options from the rest of a spec, for every entry point ({@code bss train},
 * {@code bss demo}, the suites): they all resolve a spec here before it is written to {@code spec.yaml} and
 * trained, so the run directory records the value that was used.
 *
 * <p>T_grow: an explicit {@code method-options.t-grow} (or {@code <part>.t-grow} in a composition) wins. Otherwise
 * a method that takes {@code t-grow} (BSS-H) gets {@code max(1, round(0.4 · epochs))}: the paper pairs
 * {@code T_grow = 40} with runs of about 100 epochs (official code: 40 of 100), so the pacing reaches the least
 * balanced samples at the same fraction of any run. Without it a 10-epoch run with {@code T_grow = 40} would never
 * train on the least balanced half.
 */
public final class DerivedOptions {

    /** Fraction of the run length at which BSS-H pacing reaches 1 (the paper: T_grow 40 of ~100 epochs). */
    public static final double T_GROW_FRACTION = 0.4;
    static final String T_GROW = "t-grow";

    private DerivedOptions() {
    }

    /** {@code max(1, round(0.4 · epochs))}. */
    public static int scaledTGrow(int epochs) {
        return (int) Math.max(1, Math.round(T_GROW_FRACTION * epochs));
    }

    /** A spec and what was derived for it (one human-readable line each; empty when nothing was). */
    public record Resolved(RunSpec spec, List<String> notes) {
    }

    /** The spec with every derived option written into its {@code method-options}. */
    public static Resolved resolve(RunSpec spec) {
        List<String> notes = new ArrayList<>();
        String[] parts = spec.method().split("\\+");
        ObjectNode tree = null;
        for (String raw : parts) {
            String part = raw.trim();
            MethodDescriptor d;
            try {
                d = MethodRegistry.descriptor(part);
            } catch (IllegalArgumentException e) {
                return new Resolved(spec, notes); // unknown ids are reported where the method is built
            }
            if (d.hyperParameter(T_GROW) == null) {
                continue;
            }
            String key = parts.length == 1 ? T_GROW : part + "." + T_GROW;
            if (spec.methodOptions().containsKey(T_GROW) || spec.methodOptions().containsKey(part + "." + T_GROW)) {
                continue;
            }
            int t = scaledTGrow(spec.epochs());
            if (tree == null) {
                tree = spec.tree().deepCopy();
            }
            ((ObjectNode) tree.get("method-options")).put(key, t);
            notes.add(String.format(Locale.ROOT, "%s: T_grow %d (not set: %.1f × %d epochs; set method-options.t-grow to choose)",
                    part, t, T_GROW_FRACTION, spec.epochs()));
        }
        return new Resolved(tree == null ? spec : RunSpecLoader.fromTree(tree, "derived options"), notes);
    }
}
