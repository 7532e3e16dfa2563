package dev.bss.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident-set figures of a Linux process from its {@code /proc/PID/status}: {@code VmRSS} (resident now) and
 * {@code VmHWM} (the peak, "high-water mark", of the current address space: it starts again at {@code execve}, unlike
 * {@code getrusage}'s {@code ru_maxrss}, which a child inherits from the process that spawned it).
 */
final class ProcStatus {

    private ProcStatus() {
    }

    /** {@code VmRSS} of this process in KiB (0 where {@code /proc} is unavailable). */
    static long residentKiB() {
        return kib(Path.of("/proc/self/status"), "VmRSS:");
    }

    /** {@code VmHWM} of this process in KiB (0 where {@code /proc} is unavailable). */
    static long peakKiB() {
        return kib(Path.of("/proc/self/status"), "VmHWM:");
    }

    /** {@code VmHWM} of process {@code pid} in KiB (0 once it has exited, or where {@code /proc} is unavailable). */
    static long peakKiB(long pid) {
        return kib(Path.of("/proc", Long.toString(pid), "status"), "VmHWM:");
    }

    /** The value of {@code key} (e.g. {@code "VmHWM:"}) in a status file, in KiB; 0 when it cannot be read. */
    static long kib(Path status, String key) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
