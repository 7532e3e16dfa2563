/**
 * Fusion variants for the late-fusion network: {@code sum}, {@code weighted}, {@code film} and {@code gated}, each a
 * {@link dev.bss.engine.model.Fusion} found by {@code Fusions} through {@link java.util.ServiceLoader} (central type:
 * {@link dev.bss.methods.fusion.FusionVariants}). {@link dev.bss.methods.fusion.FusionMethod} turns a fusion into a
 * training method ({@code fusion-sum}, ...) that only changes the model, so it composes with BSS.
 */
package dev.bss.methods.fusion;
