/**
 * Orderings of samples by balance score. The central type is {@link dev.bss.core.order.Ranking}, which
 * sorts scores in {@link dev.bss.core.order.Order#CL} (most balanced first) or anti-CL order with ties
 * broken by sample id, using the primitive radix sort of {@link dev.bss.core.order.KeySort}.
 */
package dev.bss.core.order;
