/**
 * Seeded random streams. The central type {@link dev.bss.core.random.RandomStreams} derives an independent,
 * portable Apache Commons RNG generator from (seed, purpose, epoch), so every epoch's randomness can be
 * recreated without replaying earlier epochs, which makes checkpoint resume exact.
 */
package dev.bss.core.random;
