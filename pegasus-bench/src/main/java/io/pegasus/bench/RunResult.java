package io.pegasus.bench;

/** One measured cell of the table: a system running a workload at a client thread count. Latencies in microseconds. */
record RunResult(
        String system,
        String workload,
        int threads,
        double seconds,
        long operations,
        long failed,
        double opsPerSecond,
        long p50Micros,
        long p99Micros,
        long p999Micros) {}
