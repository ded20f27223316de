package io.pegasus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerfSummaryTest {
    /** Five samples in the shape of `perf script -F comm,pid,tid,ip,sym,dso` (frames shortened). */
    static final String SCRIPT = String.join(
            "\n",
            "multiThreadIoEv 100/110 ",
            "\tffffffff81e631e5 tcp_sendmsg_locked ([kernel.kallsyms])",
            "\tffffffff81e63e14 tcp_sendmsg ([kernel.kallsyms])",
            "\tffffffff81e63e15 __x64_sys_write ([kernel.kallsyms])",
            "\tffffffff821ed511 do_syscall_64 ([kernel.kallsyms])",
            "\t           d4ad7 write (/usr/lib/x86_64-linux-gnu/libc.so.6)",
            "",
            "multiThreadIoEv 100/110 ",
            "\tffffffff81304c85 ext4_buffered_write_iter ([kernel.kallsyms])",
            "\tffffffff81304c86 vfs_writev ([kernel.kallsyms])",
            "\tffffffff81304c87 do_writev ([kernel.kallsyms])",
            "\tffffffff821ed511 do_syscall_64 ([kernel.kallsyms])",
            "",
            "multiThreadIoEv 100/110 ",
            "\t    7fe87d06309f [unknown] (/tmp/perf-100.map)",
            "",
            "C2 CompilerThre 100/120 ",
            "\t    7fe87d06309f Compile::Optimize (/usr/lib/jvm/java-17/lib/server/libjvm.so)",
            "",
            "ycsb-pegasus-3 200/210 ",
            "\t    7fe87d06309f rocksdb::InlineSkipList::Insert (/tmp/librocksdbjni123.so)",
            "",
            "swapper 0/0 ",
            "\tffffffff822010c9 pv_native_safe_halt ([kernel.kallsyms])",
            "",
            "bash 300/300 ",
            "\tffffffff822010c9 _raw_spin_unlock_irqrestore ([kernel.kallsyms])",
            "");

    static PerfSummary summary() throws IOException {
        return summary(0);
    }

    /** The samples above, with the operations of the recorded window. */
    static PerfSummary summary(long operations) throws IOException {
        PerfSummary s = new PerfSummary();
        s.addOperations(operations);
        s.add(
                Map.of(100, "ReplicaServers", 200, "client of pegasus (YCSB + its client library)"),
                new BufferedReader(new StringReader(SCRIPT)));
        return s;
    }

    @Test
    void everySampleIsPlacedByProcessThreadKindAndActivity() throws IOException {
        PerfSummary s = summary();
        assertThat(s.totalSamples()).isEqualTo(7);
        assertThat(s.samples())
                .containsEntry(
                        new PerfSummary.Place("ReplicaServers", "network threads", "system call: write (socket)"), 1L)
                .containsEntry(
                        new PerfSummary.Place("ReplicaServers", "network threads", "system call: writev (file)"), 1L)
                .containsEntry(new PerfSummary.Place("ReplicaServers", "network threads", "Java (compiled)"), 1L)
                .containsEntry(
                        new PerfSummary.Place("ReplicaServers", "JIT compiler", "JVM (interpreter, GC, runtime)"), 1L)
                .containsEntry(
                        new PerfSummary.Place(
                                "client of pegasus (YCSB + its client library)", "YCSB threads", "RocksDB"),
                        1L)
                .containsEntry(new PerfSummary.Place("idle", "", "kernel: scheduler, interrupts"), 1L)
                .containsEntry(
                        new PerfSummary.Place("other processes", "other threads", "kernel: scheduler, interrupts"), 1L);
    }

    @Test
    void cpuPerOperationCountsBusySamplesOnly() throws IOException {
        String text = summary(1000).text(500, 0);
        // 6 busy samples at 500 Hz = 12 ms of CPU over 1000 operations
        assertThat(text).startsWith("7 samples, 1000 operations: 12.0 us of CPU per operation");
        // the ReplicaServers' four samples: 8 us per operation, 57.1 % of all samples
        assertThat(text).containsPattern("ReplicaServers\\s+8\\.0 us/op\\s+57\\.1 %");
        assertThat(text).containsPattern("    system call: write \\(socket\\)\\s+2\\.0 us/op\\s+14\\.3 %");
    }

    @Test
    void rowsBelowTheShareAreLeftOutButTheirProcessKeepsItsTotal() throws IOException {
        String text = summary(1000).text(500, 20);
        assertThat(text).containsPattern("ReplicaServers\\s+8\\.0 us/op");
        assertThat(text).contains("network threads").doesNotContain("system call: write (socket)");
    }

    @Test
    void withoutOperationsThePerOperationFiguresAreUnknownNotZero() throws IOException {
        assertThat(summary().text(500, 0)).contains("NaN us of CPU per operation");
    }

    @Test
    void aMalformedHeaderIsRefusedWithTheLineAndTheRecordingAddsNothing() {
        PerfSummary s = new PerfSummary();
        String script = SCRIPT + "\ngarbage header\n\tffff sym (dso)\n";
        assertThatThrownBy(() -> s.add(Map.of(), new BufferedReader(new StringReader(script))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("garbage header");
        // the samples before the bad block are not counted either: a recording counts whole or not at all
        assertThat(s.totalSamples()).isZero();
        assertThat(s.samples()).isEmpty();
    }

    @Test
    void processesAreKnownByTheirCommandLines() {
        assertThat(PerfRecorder.role(String.join(
                        "\u0000", "java", "-Xmx1g", "-cp", "x.jar", "io.pegasus.server.replica.ReplicaServerMain", "")))
                .isEqualTo("ReplicaServers");
        assertThat(PerfRecorder.role(
                        String.join("\u0000", "/usr/bin/java", "-cp", "c", "io.pegasus.bench.CellWorker", "etcd", "")))
                .isEqualTo("client of etcd (YCSB + its client library)");
        assertThat(PerfRecorder.role(String.join("\u0000", "/usr/bin/etcd", "--name", "e1", "")))
                .isEqualTo("etcd members");
        assertThat(PerfRecorder.role("redis-server 127.0.0.1:26379\u0000")).isEqualTo("Redis");
        assertThat(PerfRecorder.role(String.join("\u0000", "bash", "-c", "sleep 1", "")))
                .isNull();
        assertThat(PerfRecorder.role("")).isNull();
    }
}
