/**
 * Test helpers shared by every module's tests, compiled into each module's test classes by the root pom
 * (build-helper {@code add-test-source}), so no test-jar has to be resolved across the reactor. The
 * central type is {@link dev.bss.testkit.Mutator}, the byte-level mutator of the fuzz properties.
 */
package dev.bss.testkit;
