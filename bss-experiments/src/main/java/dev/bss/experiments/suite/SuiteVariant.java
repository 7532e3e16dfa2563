package dev.bss.experiments.suite;

import java.util.List;

/**
 * One cell of a suite: a name (folder and table row), a human label and the {@code --set} overrides
 * that turn the suite's base spec into this variant's spec. The runner adds {@code seed=k}.
 *
 * @param name kebab-case folder name, unique within the suite
 * @param label row label in tables and legends
 * @param overrides {@code key=value} overrides of the base spec
 */
public record SuiteVariant(String name, String label, List<String> overrides) {

    public SuiteVariant {
        if (!name.matches("[a-z0-9][a-z0-9+._=-]*")) {
            throw new IllegalArgumentException("suite variant name must be kebab-case: '" + name + "'");
        }
        overrides = List.copyOf(overrides);
    }

    public static SuiteVariant of(String name, String label, String... overrides) {
        return new SuiteVariant(name, label, List.of(overrides));
    }
}
