/**
 * Pacing functions of the heuristic scheduler: the fraction {@code λ(t) ∈ (0, 1]} of the ranked training
 * set available at epoch {@code t}. The central type is {@link dev.bss.core.pacing.PacingFunction}; the
 * paper's root function (E4) and the literature forms compared in its appendix (E10) are built by
 * {@link dev.bss.core.pacing.PacingFunctions#of}.
 */
package dev.bss.core.pacing;
