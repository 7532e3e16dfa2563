package dev.bss.data.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts fuzz outcomes per parser and prints one {@code FUZZ} summary line per parser (collected into
 * docs/reliability.md): inputs tried, inputs accepted, inputs rejected with each typed error.
 */
final class FuzzStats {

    private final String parser;
    private final AtomicInteger inputs = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<String, Integer> rejected = new TreeMap<>();

    FuzzStats(String parser) {
        this.parser = parser;
    }

    synchronized void accepted() {
        inputs.incrementAndGet();
        accepted.incrementAndGet();
    }

    synchronized void rejected(Throwable typed) {
        inputs.incrementAndGet();
        rejected.merge(typed.getClass().getSimpleName(), 1, Integer::sum);
    }

    int inputs() {
        return inputs.get();
    }

    synchronized String summary() {
        return "FUZZ " + parser + ": " + inputs.get() + " inputs, " + accepted.get() + " accepted, rejected "
                + (rejected.isEmpty() ? "none" : rejected.toString()) + ", escaped 0";
    }

    void print() {
        if (inputs.get() > 0) {
            System.out.println(summary());
        }
    }
}
