package dev.bss.cli;

import dev.bss.engine.data.DatasetProvider;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss data list}: the dataset ids usable as {@code dataset:} in a run spec. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the dataset providers (ids for 'dataset:' in a run spec).")
public final class DataListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        List<DatasetProvider> providers = ServiceLoader.load(DatasetProvider.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(DatasetProvider::id)).toList();
        int width = providers.stream().mapToInt(p -> p.id().length()).max().orElse(8);
        for (DatasetProvider p : providers) {
            System.out.printf("%-" + width + "s  %s%n", p.id(), p.description());
        }
        return 0;
    }
}
