package dev.bss.cli;

import dev.bss.methods.HyperParameter;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bss methods}: lists the method registry (id, family, hooks, hyper-parameters with defaults and ranges). */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = {"List the registered methods with their family, hooks and hyper-parameters (defaults, ranges).",
            "Compose a data-level and a gradient method with '+', e.g. bss-l+ogm-ge."})
public final class MethodsCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "ID", description = "Show only this method.")
    String only;

    @Override
    public Integer call() {
        for (MethodDescriptor d : only == null ? MethodRegistry.descriptors() : java.util.List.of(MethodRegistry.descriptor(only))) {
            System.out.printf(Locale.ROOT, "%s  [%s]  %s%n", d.id(), d.family().id(), d.description());
            System.out.printf(Locale.ROOT, "  hooks: %s%n", String.join(", ", d.hooks()));
            if (d.hyperParameters().isEmpty()) {
                System.out.println("  (no options)");
            }
            for (HyperParameter h : d.hyperParameters()) {
                StringBuilder presets = new StringBuilder();
                for (Map.Entry<String, Map<String, Object>> p : new java.util.TreeMap<>(d.presetDefaults()).entrySet()) {
                    if (p.getValue().containsKey(h.name())) {
                        presets.append(presets.length() == 0 ? "" : ", ").append(p.getKey()).append('=').append(p.getValue().get(h.name()));
                    }
                }
                System.out.printf(Locale.ROOT, "  %-16s default %-10s range %-40s %s%s%n", h.name(), h.defaultText(), h.rangeText(),
                        h.description(), presets.length() == 0 ? "" : " (" + presets + ")");
            }
            System.out.println();
        }
        return 0;
    }
}
