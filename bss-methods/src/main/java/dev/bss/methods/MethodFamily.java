package dev.bss.methods;

/** What part of training a method changes, i.e. which hooks it plugs into. */
public enum MethodFamily {
    /** Plain training, no intervention (vanilla). */
    BASELINE("baseline"),
    /** Changes which samples are visited and in which order (BSS-H, BSS-L): data hooks. */
    DATA_LEVEL("data-level"),
    /** Modulates gradients between backward and the optimiser step (OGM-GE, AGM, PMR, MSLR): optimisation hooks. */
    GRADIENT("gradient"),
    /** Changes the objective (unimodal losses, MSES): objective hooks. */
    OBJECTIVE("objective"),
    /** Changes the fusion block: forward hook {@code configureModel}. */
    FUSION("fusion");

    private final String id;

    MethodFamily(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
