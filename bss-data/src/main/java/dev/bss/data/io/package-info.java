/**
 * Files and processes: the compact binary split cache ({@link dev.bss.data.io.SplitFile}) with its
 * {@link dev.bss.data.io.CacheManifest}, SHA-256 checksums (through {@code dev.bss.core.io.Sha256}), tar.gz extraction for npm packages (Commons Compress),
 * the NPY and IDX readers, and the runner for external tools ({@link dev.bss.data.io.ExternalTools}).
 */
package dev.bss.data.io;
