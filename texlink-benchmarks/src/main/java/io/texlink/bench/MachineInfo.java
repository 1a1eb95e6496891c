package io.texlink.bench;

import io.texlink.cpu.DmaHeapFrameAllocator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run measured, read from {@code /proc} and the JVM.
 *
 * @param cores          processors this JVM may use
 * @param cpuModel       "model name" of the first processor in /proc/cpuinfo
 * @param virtualMachine whether the CPU flags include "hypervisor"
 * @param kernel         /proc/sys/kernel/osrelease
 * @param memoryKib      MemTotal of /proc/meminfo
 * @param jdk            vendor, version and VM of the running JDK
 * @param texlinkMemory  where texlink's CPU frames live on this machine
 */
public record MachineInfo(int cores, String cpuModel, boolean virtualMachine, String kernel, long memoryKib, String jdk,
                          String texlinkMemory) {

    public static MachineInfo current() {
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        String model = field(cpuinfo, "model name");
        String flags = field(cpuinfo, "flags");
        String memTotal = field(lines(Path.of("/proc/meminfo")), "MemTotal").replace("kB", "").trim();
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), model,
                (" " + flags + " ").contains(" hypervisor "),
                String.join("", lines(Path.of("/proc/sys/kernel/osrelease"))).trim(),
                memTotal.isEmpty() ? 0 : Long.parseLong(memTotal),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.name") + ")",
                DmaHeapFrameAllocator.isAvailable() ? "DMA-BUF from /dev/dma_heap/system" : "sealed memfd (no DMA heap here)");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The value of the first "key : value" line of {@code key}, or "unknown". */
    private static String field(List<String> lines, String key) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "unknown";
    }
}
