package dev.bss.cli;

import dev.bss.experiments.spec.Recipes;
import dev.bss.experiments.spec.RunSpecLoader;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bss recipes}: lists the named recipes (dataset, method, the official script each transcribes). */
@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = {"List the named recipes: per dataset, every key its official BSS script sets (docs/recipes.md).",
            "<dataset> transcribes train-SPL.py (bss-l), <dataset>-cl train-CL.py (bss-h).",
            "With NAME, print the fully resolved spec of that recipe.",
            "Use one with: bss train --recipe NAME --set dataset-options.root=DIR"})
public final class RecipesCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Print this recipe's resolved spec (as bss train --recipe NAME --print-config).")
    String only;

    @Override
    public Integer call() {
        if (only != null) {
            Recipes.get(only);
            System.out.print(RunSpecLoader.load(null, List.of("recipe=" + only)).toYaml());
            return 0;
        }
        System.out.printf(Locale.ROOT, "%-20s %-16s %-7s %-28s %s%n", "recipe", "dataset", "method", "source", "description");
        for (Recipes.Recipe r : Recipes.all()) {
            System.out.printf(Locale.ROOT, "%-20s %-16s %-7s %-28s %s%n", r.name(), r.dataset(), r.method(), r.source(), r.description());
        }
        System.out.println("source: files of the official BSS repository (njustkmg/IJCAI25-BSS)");
        return 0;
    }
}
