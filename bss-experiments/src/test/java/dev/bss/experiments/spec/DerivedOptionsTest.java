package dev.bss.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DerivedOptionsTest {

    @Test
    void scaledTGrowIsFortyPercentOfTheRunRoundedAndAtLeastOne() {
        assertEquals(40, DerivedOptions.scaledTGrow(100), "the paper's 40 of 100 epochs");
        assertEquals(4, DerivedOptions.scaledTGrow(10));
        assertEquals(12, DerivedOptions.scaledTGrow(30));
        assertEquals(1, DerivedOptions.scaledTGrow(1), "round(0.4) = 0, kept at 1");
        assertEquals(1, DerivedOptions.scaledTGrow(2), "round(0.8) = 1");
    }

    @Test
    void onlyMethodsWithTGrowAndOnlyWhenNotSet() {
        DerivedOptions.Resolved h = DerivedOptions.resolve(RunSpecLoader.load(null, List.of("method=bss-h", "epochs=30")));
        assertEquals(12, ((Number) h.spec().methodOptions().get("t-grow")).intValue());
        assertEquals(1, h.notes().size());
        assertTrue(h.spec().toYaml().contains("t-grow: 12"), h.spec().toYaml());

        RunSpec explicit = RunSpecLoader.load(null, List.of("method=bss-h", "epochs=30", "method-options={t-grow: 40}"));
        DerivedOptions.Resolved e = DerivedOptions.resolve(explicit);
        assertSame(explicit, e.spec(), "nothing derived");
        assertTrue(e.notes().isEmpty());

        RunSpec l = RunSpecLoader.load(null, List.of("method=bss-l", "epochs=30"));
        assertSame(l, DerivedOptions.resolve(l).spec(), "bss-l has no T_grow");

        DerivedOptions.Resolved composite = DerivedOptions.resolve(RunSpecLoader.load(null, List.of("method=bss-h+ogm-ge", "epochs=10")));
        assertEquals(4, ((Number) composite.spec().methodOptions().get("bss-h.t-grow")).intValue(), "prefixed for the part");
        assertFalse(composite.spec().methodOptions().containsKey("t-grow"));
    }
}
