package io.pegasus.bench;

/**
 * One measured run: a system running a workload at a client thread count (one round of a cell of the table, or a
 * load). Latencies in microseconds.
 * {@code stealPercent} is the share of the machine's CPU time that the hypervisor gave to other guests during the
 * measured window ({@link CpuSteal}), NaN where unknown.
 */
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
        long p999Micros,
        double stealPercent) {

    /** The cell this result belongs to; the rounds of one cell share it. */
    String cell() {
        return cell(system, workload, threads);
    }

    static String cell(String system, String workload, int threads) {
        return system + "/" + workload + "/" + threads;
    }
}
