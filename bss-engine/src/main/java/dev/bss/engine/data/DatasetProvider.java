package dev.bss.engine.data;

import java.io.IOException;
import java.util.Map;

/**
 * A named source of {@link DatasetSplits}, discovered with {@link java.util.ServiceLoader}
 * (register in {@code META-INF/services/dev.bss.engine.data.DatasetProvider}). The engine ships
 * {@code synthetic}; {@code bss-data} adds {@code av-digits}, {@code emoji} and the paper's layouts.
 */
public interface DatasetProvider {

    /** Stable kebab-case id used as {@code dataset:} in run specs. */
    String id();

    /** One line for {@code --help} and listings. */
    String description();

    /**
     * Loads the splits.
     *
     * @param options dataset options from the run spec ({@code dataset-options:}), e.g. {@code root},
     *     {@code size}, {@code seed}; unknown keys must be rejected with an error naming them
     */
    DatasetSplits load(Map<String, Object> options) throws IOException;
}
