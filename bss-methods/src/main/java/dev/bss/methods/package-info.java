/**
 * Training methods as hook plug-ins: {@link dev.bss.methods.MethodRegistry} maps stable ids ({@code vanilla},
 * {@code vanilla-uni}, {@code bss-h}, {@code bss-l}, baselines, and compositions {@code a+b}) to
 * {@link dev.bss.methods.MethodDescriptor}s with typed, range-checked hyper-parameters.
 */
package dev.bss.methods;
