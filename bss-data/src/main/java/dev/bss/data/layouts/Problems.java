package dev.bss.data.layouts;

import java.util.ArrayList;
import java.util.List;

/** Problems found while indexing or decoding a dataset folder, each naming the file (and line). */
public final class Problems {

    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void add(String problem) {
        problems.add(problem);
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public int count() {
        return problems.size();
    }
}
