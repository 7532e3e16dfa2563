package dev.bss.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Checks that jqwik really runs {@code jqwik.tries.default} tries (200 by default, 10 000 under
 * {@code -Pfuzz}; the root pom passes the value as a system property, which the JUnit platform reads as a
 * configuration parameter). Every fuzz property relies on this: they declare no {@code tries} of their own.
 */
class TriesHonouredTest {

    private static final AtomicInteger EXECUTIONS = new AtomicInteger();

    @Property
    void countsEveryTry(@ForAll long anything) {
        EXECUTIONS.incrementAndGet();
    }

    @AfterContainer
    static void triesMatchTheConfiguredDefault() {
        // jqwik's own default is 1000 when nothing is configured (e.g. an IDE run without the property)
        int expected = Integer.parseInt(System.getProperty("jqwik.tries.default", "1000"));
        System.out.println("FUZZ jqwik-tries: configured " + expected + ", executed " + EXECUTIONS.get());
        assertEquals(expected, EXECUTIONS.get(), "jqwik executions of a property without explicit tries");
    }
}
