/**
 * NDArray arithmetic that is safe inside an autograd graph: {@link dev.bss.engine.nd.Scalars}.
 */
package dev.bss.engine.nd;
