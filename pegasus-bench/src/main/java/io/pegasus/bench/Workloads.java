package io.pegasus.bench;

import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The YCSB core workloads the bench runs, with the bench's record shape: one field of 1 KB per record. A, B and C
 * are YCSB's (read/update 50/50, 95/5 and read-only, zipfian keys); W is the write-only load (updates only, zipfian).
 */
final class Workloads {
    static final List<String> ALL = List.of("A", "B", "C", "W");

    private Workloads() {}

    static Properties common(long records, int valueBytes) {
        Properties p = new Properties();
        p.setProperty("workload", "site.ycsb.workloads.CoreWorkload");
        p.setProperty("table", "usertable");
        p.setProperty("recordcount", Long.toString(records));
        // only sizes the key space for inserts (none here); runs are time-boxed, not counted
        p.setProperty("operationcount", "0");
        p.setProperty("fieldcount", "1");
        p.setProperty("fieldlength", Integer.toString(valueBytes));
        p.setProperty("fieldlengthdistribution", "constant");
        p.setProperty("readallfields", "true");
        p.setProperty("writeallfields", "true");
        p.setProperty("requestdistribution", "zipfian");
        p.setProperty("readproportion", "0");
        p.setProperty("updateproportion", "0");
        p.setProperty("scanproportion", "0");
        p.setProperty("insertproportion", "0");
        p.setProperty("readmodifywriteproportion", "0");
        // a load insert that fails is retried instead of ending its thread's share of the load
        p.setProperty("core_workload_insertion_retry_limit", "5");
        p.setProperty("core_workload_insertion_retry_interval", "1");
        // a load insert that fails is retried instead of ending its thread's share of the load
        p.setProperty("core_workload_insertion_retry_limit", "5");
        p.setProperty("core_workload_insertion_retry_interval", "1");
        return p;
    }

    /** The transaction properties of workload {@code name} on top of {@link #common}. */
    static Properties of(String name, long records, int valueBytes) {
        Properties p = common(records, valueBytes);
        switch (name.toUpperCase(Locale.ROOT)) {
            case "A" -> mix(p, "0.5", "0.5");
            case "B" -> mix(p, "0.95", "0.05");
            case "C" -> mix(p, "1.0", "0");
            case "W" -> mix(p, "0", "1.0");
            default -> throw new IllegalArgumentException("unknown workload " + name + "; known: " + ALL);
        }
        return p;
    }

    private static void mix(Properties p, String read, String update) {
        p.setProperty("readproportion", read);
        p.setProperty("updateproportion", update);
    }
}
