package io.pegasus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import site.ycsb.ClientThread;
import site.ycsb.Workload;
import site.ycsb.WorkloadException;
import site.ycsb.measurements.Measurements;
import site.ycsb.workloads.CoreWorkload;

/**
 * Runs YCSB's own client threads and core workload against one binding, the way YCSB's {@code Client} does, but
 * time-boxed (a warm-up, then a measured window) and measured by {@link RunStats}. Client threads are closed-loop: each
 * has one operation outstanding at a time, so the thread count is the concurrency.
 */
final class YcsbRunner {
    private final Properties base;

    /** @param base binding properties (endpoints, directories) added to every run's workload properties */
    YcsbRunner(Properties base) {
        this.base = base;
        Properties measurementProps = new Properties();
        measurementProps.setProperty(Measurements.MEASUREMENT_TYPE_PROPERTY, "histogram");
        Measurements.setProperties(measurementProps);
    }

    /** Inserts records {@code [0, records)} with {@code threads} threads; returns the load as a result row. */
    RunResult load(SystemUnderTest system, long records, int valueBytes, int threads)
            throws WorkloadException, InterruptedException {
        Properties props = merged(Workloads.common(records, valueBytes), threads);
        Workload workload = newWorkload(props);
        RunStats stats = new RunStats();
        List<ClientThread> clients = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int share = (int) (records / threads + (t < records % threads ? 1 : 0));
            clients.add(client(system, workload, props, stats, false, share, t, threads, done));
        }
        CpuSteal.Sample before = CpuSteal.now();
        List<Thread> running = start(clients, system);
        // a load is counted, not timed: allow a slow system 100 ms per record (20x what the slowest system needed
        // here),
        // but not a hung one
        join(running, TimeUnit.SECONDS.toMillis(60) + records * 100);
        RunStats.Window window = stats.snapshot();
        double steal = CpuSteal.percent(before, CpuSteal.now());
        workload.cleanup();
        return result(system, "load", threads, window, steal);
    }

    /** Runs workload {@code name} for {@code warmupSeconds} unmeasured, then {@code seconds} measured. */
    RunResult run(
            SystemUnderTest system,
            String name,
            long records,
            int valueBytes,
            int threads,
            double warmupSeconds,
            double seconds)
            throws WorkloadException, InterruptedException {
        Properties props = merged(Workloads.of(name, records, valueBytes), threads);
        Workload workload = newWorkload(props);
        RunStats stats = new RunStats();
        CountDownLatch done = new CountDownLatch(threads);
        List<ClientThread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            clients.add(client(system, workload, props, stats, true, 0, t, threads, done));
        }
        List<Thread> running = start(clients, system);
        sleep(warmupSeconds, done);
        stats.restart();
        CpuSteal.Sample before = CpuSteal.now();
        sleep(seconds, done);
        RunStats.Window window = stats.snapshot();
        double steal = CpuSteal.percent(before, CpuSteal.now());
        workload.requestStop();
        join(running, TimeUnit.SECONDS.toMillis(60));
        workload.cleanup();
        return result(system, name, threads, window, steal);
    }

    private Properties merged(Properties workload, int threads) {
        Properties props = new Properties();
        props.putAll(base);
        props.putAll(workload);
        props.setProperty("threadcount", Integer.toString(threads));
        return props;
    }

    private static Workload newWorkload(Properties props) throws WorkloadException {
        CoreWorkload workload = new CoreWorkload();
        workload.init(props);
        return workload;
    }

    private static ClientThread client(
            SystemUnderTest system,
            Workload workload,
            Properties props,
            RunStats stats,
            boolean transactions,
            int operations,
            int id,
            int threads,
            CountDownLatch done) {
        TimedDB db = new TimedDB(system.newBinding(), stats);
        db.setProperties(props);
        ClientThread client = new ClientThread(db, transactions, workload, props, operations, 0, done);
        client.setThreadId(id);
        client.setThreadCount(threads);
        return client;
    }

    private static List<Thread> start(List<ClientThread> clients, SystemUnderTest system) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Thread t = new Thread(clients.get(i), "ycsb-" + system.label + "-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    /** Sleeps {@code seconds}, or less if every client thread ended (a failed init ends a thread at once). */
    private static void sleep(double seconds, CountDownLatch done) throws InterruptedException {
        done.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
    }

    private static void join(List<Thread> threads, long limitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within " + limitMillis + " ms");
            }
        }
    }

    private static RunResult result(
            SystemUnderTest system, String workload, int threads, RunStats.Window w, double stealPercent) {
        Histogram h = w.latenciesMicros();
        boolean any = h.getTotalCount() > 0;
        return new RunResult(
                system.label,
                workload,
                threads,
                w.seconds(),
                w.succeeded(),
                w.failed(),
                w.seconds() > 0 ? w.succeeded() / w.seconds() : 0,
                any ? h.getValueAtPercentile(50) : 0,
                any ? h.getValueAtPercentile(99) : 0,
                any ? h.getValueAtPercentile(99.9) : 0,
                stealPercent);
    }
}
