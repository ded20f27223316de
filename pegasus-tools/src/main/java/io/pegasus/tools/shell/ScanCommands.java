package io.pegasus.tools.shell;

import io.pegasus.client.PegasusScanner;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.ScanOptions;
import io.pegasus.client.ScanRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands that scan the current table: one hash key, the whole table, counting, copying. */
final class ScanCommands {
    private ScanCommands() {}

    /** Prints records from scanners, at most {@code max}; returns how many were printed. */
    private static int print(Output out, List<PegasusScanner> scanners, int max, boolean noValue) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try {
            for (PegasusScanner s : scanners) {
                for (ScanRecord r = s.next(); r != null && rows.size() < max; r = s.next()) {
                    List<Object> row =
                            new ArrayList<>(List.of(ShellCommand.show(r.hashKey()), ShellCommand.show(r.sortKey())));
                    if (!noValue) {
                        row.add(ShellCommand.show(r.value()));
                    }
                    rows.add(row);
                }
                if (rows.size() >= max) {
                    break;
                }
            }
        } finally {
            scanners.forEach(PegasusScanner::close);
        }
        out.table(noValue ? List.of("hash_key", "sort_key") : List.of("hash_key", "sort_key", "value"), rows);
        return rows.size();
    }

    @Command(
            name = "hash_scan",
            description = "Records of one hash key in sort-key order: hash_scan HASH_KEY START_SORT_KEY STOP_SORT_KEY"
                    + " (\"\" for an open end).")
    static final class HashScan extends ShellCommand {
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;

        @Parameters(index = "1", arity = "0..1", paramLabel = "START_SORT_KEY", defaultValue = "")
        String start;

        @Parameters(index = "2", arity = "0..1", paramLabel = "STOP_SORT_KEY", defaultValue = "")
        String stop;

        @Option(
                names = {"-n", "--max-count"},
                defaultValue = "100",
                description = "at most this many records (default ${DEFAULT-VALUE})")
        int max;

        @Option(
                names = {"-i", "--no-value"},
                description = "keys only")
        boolean noValue;

        @Option(
                names = {"-s", "--sort-key-filter"},
                description = "anywhere, prefix or postfix; with -y")
        String filterType;

        @Option(
                names = {"-y", "--sort-key-pattern"},
                description = "the filter's pattern")
        String pattern;

        HashScan(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            ScanOptions o = ScanOptions.defaults().withNoValue(noValue);
            if (filterType != null) {
                o = o.withSortKeyFilter(DataCommands.filter(filterType), bytes(pattern == null ? "" : pattern));
            }
            PegasusScanner s = ctx.table().getScanner(bytes(hashKey), bytes(start), bytes(stop), o);
            int n = print(out(), List.of(s), max, noValue);
            out().note(n + " record(s)" + (n >= max ? " (limit reached: -n for more)" : ""));
        }
    }

    @Command(name = "full_scan", description = "Records of the whole table, partition by partition.")
    static final class FullScan extends ShellCommand {
        @Option(
                names = {"-n", "--max-count"},
                defaultValue = "100",
                description = "at most this many records (default ${DEFAULT-VALUE})")
        int max;

        @Option(
                names = {"-i", "--no-value"},
                description = "keys only")
        boolean noValue;

        @Option(
                names = {"-h", "--hash-key-filter"},
                description = "anywhere, prefix or postfix; with -x")
        String filterType;

        @Option(
                names = {"-x", "--hash-key-pattern"},
                description = "the filter's pattern")
        String pattern;

        FullScan(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            ScanOptions o = ScanOptions.defaults().withNoValue(noValue);
            if (filterType != null) {
                o = o.withHashKeyFilter(DataCommands.filter(filterType), bytes(pattern == null ? "" : pattern));
            }
            PegasusTable t = ctx.table();
            int n = print(out(), t.getUnorderedScanners(t.partitionCount(), o), max, noValue);
            out().note(n + " record(s)" + (n >= max ? " (limit reached: -n for more)" : ""));
        }
    }

    @Command(name = "count_data", description = "Counts the records of the current table (a full scan without values).")
    static final class CountData extends ShellCommand {
        CountData(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            PegasusTable t = ctx.table();
            long total = 0;
            List<PegasusScanner> scanners = t.getUnorderedScanners(
                    t.partitionCount(), ScanOptions.defaults().withNoValue(true));
            try {
                for (PegasusScanner s : scanners) {
                    while (s.next() != null) {
                        total++;
                    }
                }
            } finally {
                scanners.forEach(PegasusScanner::close);
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("table", t.name());
            v.put("record_count", total);
            out().values(v);
        }
    }

    @Command(
            name = "copy_data",
            description = "Copies every record of the current table into another table (of this or another cluster),"
                    + " keeping each record's TTL.")
    static final class CopyData extends ShellCommand {
        @Option(
                names = {"-t", "--target_table"},
                required = true)
        String target;

        @Option(
                names = {"-c", "--target_cluster_meta"},
                description = "the other cluster's MetaServers (default: this cluster)")
        String targetMetas;

        CopyData(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            PegasusTable from = ctx.table();
            PegasusTable to = ctx.clientOf(targetMetas).openTable(target);
            if (targetMetas == null && to.tableId() == from.tableId()) {
                throw new ShellException("the target is the current table");
            }
            long copied = 0;
            long expired = 0;
            List<PegasusScanner> scanners = from.getUnorderedScanners(from.partitionCount(), ScanOptions.defaults());
            try {
                for (PegasusScanner s : scanners) {
                    for (ScanRecord r = s.next(); r != null; r = s.next()) {
                        // the scan does not carry expiry times: ask for the TTL so the copy expires when the original
                        // does
                        int ttl = from.ttl(r.hashKey(), r.sortKey());
                        if (ttl == -2) {
                            expired++; // expired (or deleted) since the scan saw it
                            continue;
                        }
                        to.set(r.hashKey(), r.sortKey(), r.value(), Math.max(ttl, 0));
                        copied++;
                    }
                }
            } finally {
                scanners.forEach(PegasusScanner::close);
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("source_table", from.name());
            v.put("target_table", target);
            v.put("copied", copied);
            v.put("skipped_expired", expired);
            out().values(v);
        }
    }
}
