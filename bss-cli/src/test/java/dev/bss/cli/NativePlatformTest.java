package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativePlatformTest {

    @Test
    void machinesMapToPytorchNativeClassifiers() {
        assertEquals("linux-x86_64", NativePlatform.machine("Linux", "amd64"));
        assertEquals("linux-aarch64", NativePlatform.machine("Linux", "aarch64"));
        assertEquals("mac os x-aarch64", NativePlatform.machine("Mac OS X", "aarch64"));
        assertEquals("linux-ppc64le", NativePlatform.machine("Linux", "ppc64le"));
    }

    @Test
    void unsupportedOrMismatchedPlatformsGiveOneClearLine() {
        assertNull(NativePlatform.problem("linux-aarch64", "linux-aarch64"));
        String mac = NativePlatform.problem("mac os x-aarch64", null);
        assertTrue(mac.startsWith("unsupported platform mac os x-aarch64: bss bundles the PyTorch CPU native for linux-x86_64 and "
                + "linux-aarch64 only"), mac);
        String wrong = NativePlatform.problem("linux-aarch64", "linux-x86_64");
        assertTrue(wrong.contains("for linux-x86_64 but this machine is linux-aarch64"), wrong);
        assertTrue(NativePlatform.problem("linux-x86_64", null).contains("no PyTorch native library"));
    }

    @Test
    void thisBuildBundlesTheNativeOfThisMachine() {
        String machine = NativePlatform.machine(System.getProperty("os.name"), System.getProperty("os.arch"));
        assertEquals(machine, NativePlatform.bundled(getClass().getClassLoader()));
        assertNull(NativePlatform.problem(machine, NativePlatform.bundled(getClass().getClassLoader())));
    }
}
