package io.pegasus.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {
    @Test
    void ticksAreUtimePlusStimeEvenWhenTheCommandNameHasSpacesAndParentheses() {
        String stat = "4242 (C2 CompilerThre) S 1 2 3 0 -1 4194368 100 0 0 0 370 25 0 0 20 0 12 0 555 0 0";
        assertEquals(395, ProcessCpu.ticksOf(stat));
        assertEquals(7, ProcessCpu.ticksOf("1 (a (b) c) R 0 0 0 0 0 0 0 0 0 0 3 4 0 0"));
    }

    @Test
    void compilerTicksCountOnlyTheJitCompilerThreads(@TempDir Path proc) throws Exception {
        thread(proc, 11, "C2 CompilerThre", 300, 20);
        thread(proc, 12, "C1 CompilerThre", 40, 2);
        thread(proc, 13, "multiThreadIoEv", 900, 90); // a network thread: not counted
        Files.createDirectories(proc.resolve("task/14")); // a thread that ended between listing and reading
        assertEquals(362, ProcessCpu.compilerTicks(proc));
    }

    @Test
    void aProcessThatIsGoneCountsNothing(@TempDir Path dir) {
        assertEquals(0, ProcessCpu.compilerTicks(dir.resolve("no-such-pid")));
    }

    @Test
    void theJvmRunningThisTestHasSpentTimeCompiling() {
        // HotSpot compiles hundreds of methods to start JUnit: its C1 and C2 threads have used more than one tick
        long first = ProcessCpu.compilerTicks(Path.of("/proc/self"));
        long second = ProcessCpu.compilerTicks(Path.of("/proc/self"));
        assertTrue(first > 0 && second >= first, first + " then " + second);
    }

    @Test
    void serverCoresAreUnknownWhenAServerStoppedOrStartedBetweenTheSamples(@TempDir Path onebox) throws Exception {
        Process server = new ProcessBuilder("sleep", "60").start();
        try {
            Files.createDirectories(onebox.resolve("replica1"));
            Files.createDirectories(onebox.resolve("replica2"));
            Files.writeString(
                    onebox.resolve("replica1/pid"), ProcessHandle.current().pid() + "\n");
            Files.writeString(onebox.resolve("replica2/pid"), server.pid() + "\n");
            ProcessCpu cpu = ProcessCpu.ofOnebox(onebox);
            Map<Long, Long> before = cpu.serverTicks();
            assertEquals(2, before.size());
            long spin = System.nanoTime() + 300_000_000L; // this JVM is one of the "servers": give it ticks to count
            while (System.nanoTime() < spin) {
                Thread.onSpinWait();
            }
            double cores = ProcessCpu.serverCores(before, cpu.serverTicks(), 300_000_000L);
            assertTrue(cores > 0, "cores " + cores);

            server.destroyForcibly().waitFor();
            Map<Long, Long> afterTheKill = cpu.serverTicks();
            assertEquals(1, afterTheKill.size(), "the killed server is gone from the sample");
            assertTrue(Double.isNaN(ProcessCpu.serverCores(before, afterTheKill, 300_000_000L)));
        } finally {
            server.destroyForcibly();
        }
    }

    private static void thread(Path proc, int tid, String name, long utime, long stime) throws Exception {
        Path task = Files.createDirectories(proc.resolve("task/" + tid));
        Files.writeString(task.resolve("comm"), name + "\n");
        Files.writeString(
                task.resolve("stat"),
                tid + " (" + name + ") S 1 1 1 0 -1 4194368 10 0 0 0 " + utime + " " + stime + " 0 0 20 0 1 0 9 0 0\n");
    }
}
