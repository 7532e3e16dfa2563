package dev.bss.core.order;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Curriculum direction (appendix Table 2: CL vs anti-CL). */
public enum Order {
    /** Curriculum learning: most balanced (highest score) first. The paper's BSS-H. */
    CL("cl"),
    /** Anti-curriculum: least balanced (lowest score) first. */
    ANTI_CL("anti-cl");

    private final String id;

    Order(String id) {
        this.id = id;
    }

    /** Stable id: {@code cl} or {@code anti-cl}. */
    public String id() {
        return id;
    }

    /**
     * Looks an order up by id.
     *
     * @throws IllegalArgumentException listing the allowed ids
     */
    public static Order fromId(String id) {
        for (Order o : values()) {
            if (o.id.equals(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown order '" + id + "'; allowed: "
                + Arrays.stream(values()).map(Order::id).collect(Collectors.joining(", ")));
    }
}
