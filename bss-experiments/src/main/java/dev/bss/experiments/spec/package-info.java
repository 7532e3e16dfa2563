/**
 * Run specs: {@link dev.bss.experiments.spec.RunSpec} is the resolved, validated description of one
 * training run, read from YAML or JSON by {@link dev.bss.experiments.spec.RunSpecLoader} on top of the
 * commented defaults ({@code default-run.yaml}), an optional named recipe ({@link dev.bss.experiments.spec.Recipes}:
 * the keys an official BSS script sets) and {@code --set key=value} overrides. Bad input raises
 * {@link dev.bss.experiments.spec.SpecInputException} naming the key and the allowed values.
 */
package dev.bss.experiments.spec;
