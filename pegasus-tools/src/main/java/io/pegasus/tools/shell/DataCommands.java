package io.pegasus.tools.shell;

import io.pegasus.client.CheckAndSetOptions;
import io.pegasus.client.CheckAndSetResult;
import io.pegasus.client.CheckType;
import io.pegasus.client.FilterType;
import io.pegasus.client.MultiGetOptions;
import io.pegasus.client.MultiGetResult;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.SortKeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Single-record and multi-record commands on the current table, through the Java client. Keys and values are typed
 * with escapes ({@code \x00}) and shown escaped.
 */
final class DataCommands {
    private DataCommands() {}

    private static Map<String, Object> record(byte[] hashKey, byte[] sortKey) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("hash_key", ShellCommand.show(hashKey));
        v.put("sort_key", ShellCommand.show(sortKey));
        return v;
    }

    static void printRecords(Output out, byte[] hashKey, List<SortKeyValue> values, boolean noValue) {
        List<List<Object>> rows = new ArrayList<>();
        for (SortKeyValue kv : values) {
            List<Object> row = new ArrayList<>(List.of(ShellCommand.show(hashKey), ShellCommand.show(kv.sortKey())));
            if (!noValue) {
                row.add(ShellCommand.show(kv.value()));
            }
            rows.add(row);
        }
        out.table(noValue ? List.of("hash_key", "sort_key") : List.of("hash_key", "sort_key", "value"), rows);
    }

    @Command(name = "set", description = "Writes a record: set HASH_KEY SORT_KEY VALUE [TTL_SECONDS].")
    static final class Set extends ShellCommand {
        @Mixin
        RecordKey key;

        @Parameters(index = "2", paramLabel = "VALUE")
        String value;

        @Parameters(index = "3", arity = "0..1", paramLabel = "TTL_SECONDS", defaultValue = "0")
        int ttl;

        Set(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            ctx.table().set(key.hash(), key.sort(), bytes(value), ttl);
            out().document(Map.of("ok", true), "OK");
        }
    }

    @Command(name = "get", description = "Reads a record: get HASH_KEY SORT_KEY.")
    static final class Get extends ShellCommand {
        @Mixin
        RecordKey key;

        Get(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            byte[] v = ctx.table().get(key.hash(), key.sort());
            Map<String, Object> o = record(key.hash(), key.sort());
            o.put("found", v != null);
            o.put("value", show(v));
            out().document(o, v == null ? "Not found" : show(v));
        }
    }

    @Command(name = "del", description = "Deletes a record: del HASH_KEY SORT_KEY.")
    static final class Del extends ShellCommand {
        @Mixin
        RecordKey key;

        Del(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            ctx.table().del(key.hash(), key.sort());
            out().document(Map.of("ok", true), "OK");
        }
    }

    @Command(name = "exist", description = "Whether a record exists: exist HASH_KEY SORT_KEY.")
    static final class Exist extends ShellCommand {
        @Mixin
        RecordKey key;

        Exist(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            boolean e = ctx.table().exist(key.hash(), key.sort());
            out().document(Map.of("exist", e), Boolean.toString(e));
        }
    }

    @Command(name = "ttl", description = "A record's remaining time to live in seconds: ttl HASH_KEY SORT_KEY.")
    static final class Ttl extends ShellCommand {
        @Mixin
        RecordKey key;

        Ttl(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            int t = ctx.table().ttl(key.hash(), key.sort());
            String text = t == -2 ? "Not found" : t == -1 ? "Infinite" : t + " s";
            out().document(Map.of("ttl_seconds", t, "found", t != -2), text);
        }
    }

    @Command(name = "incr", description = "Adds to an integer record atomically: incr HASH_KEY SORT_KEY [INCREMENT].")
    static final class Incr extends ShellCommand {
        @Mixin
        RecordKey key;

        @Parameters(index = "2", arity = "0..1", paramLabel = "INCREMENT", defaultValue = "1")
        long increment;

        Incr(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            long v = ctx.table().incr(key.hash(), key.sort(), increment);
            out().document(Map.of("new_value", v), Long.toString(v));
        }
    }

    @Command(name = "count", description = "How many sort keys a hash key has: count HASH_KEY.")
    static final class Count extends ShellCommand {
        @Parameters(paramLabel = "HASH_KEY")
        String hashKey;

        Count(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            long n = ctx.table().sortKeyCount(bytes(hashKey));
            out().document(Map.of("count", n), Long.toString(n));
        }
    }

    @Command(
            name = "multi_set",
            description = "Writes records of one hash key: multi_set HASH_KEY SORT_KEY VALUE [SORT_KEY VALUE...].")
    static final class MultiSet extends ShellCommand {
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;

        @Parameters(index = "1..*", arity = "2..*", paramLabel = "SORT_KEY VALUE")
        List<String> pairs = new ArrayList<>();

        @Option(
                names = {"-l", "--ttl"},
                defaultValue = "0",
                description = "time to live in seconds (0: none)")
        int ttl;

        MultiSet(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            if (pairs.size() % 2 != 0) {
                throw new ShellException("multi_set needs SORT_KEY VALUE pairs; the last sort key has no value");
            }
            List<SortKeyValue> values = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i += 2) {
                values.add(SortKeyValue.of(bytes(pairs.get(i)), bytes(pairs.get(i + 1))));
            }
            ctx.table().multiSet(bytes(hashKey), values, ttl);
            out().document(Map.of("ok", true, "count", values.size()), "OK, " + values.size() + " record(s) set");
        }
    }

    @Command(
            name = "multi_get",
            description = "Reads records of one hash key: multi_get HASH_KEY [SORT_KEY...] (no sort key: all).")
    static final class MultiGet extends ShellCommand {
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "SORT_KEY")
        List<String> sortKeys = new ArrayList<>();

        MultiGet(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            byte[] hk = bytes(hashKey);
            List<byte[]> sks = new ArrayList<>();
            sortKeys.forEach(s -> sks.add(bytes(s)));
            MultiGetResult r = ctx.table().multiGet(hk, sks);
            printRecords(out(), hk, r.values(), false);
            out().note(r.values().size() + " record(s)" + (r.allFetched() ? "" : ", more not fetched"));
        }
    }

    @Command(
            name = "multi_get_range",
            description = "Reads a sort-key range of one hash key: multi_get_range HASH_KEY START_SORT_KEY"
                    + " STOP_SORT_KEY (\"\" for an open end).")
    static final class MultiGetRange extends ShellCommand {
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;

        @Parameters(index = "1", paramLabel = "START_SORT_KEY")
        String start;

        @Parameters(index = "2", paramLabel = "STOP_SORT_KEY")
        String stop;

        @Option(names = "--start-exclusive", description = "leave the start key out")
        boolean startExclusive;

        @Option(names = "--stop-inclusive", description = "include the stop key")
        boolean stopInclusive;

        @Option(
                names = {"-n", "--max-count"},
                defaultValue = "100",
                description = "at most this many records (default ${DEFAULT-VALUE})")
        int maxCount;

        @Option(
                names = {"-i", "--no-value"},
                description = "sort keys only")
        boolean noValue;

        @Option(
                names = {"-r", "--reverse"},
                description = "from the stop key backwards")
        boolean reverse;

        @Option(
                names = {"-s", "--sort-key-filter"},
                description = "anywhere, prefix or postfix; with -y")
        String filterType;

        @Option(
                names = {"-y", "--sort-key-pattern"},
                description = "the filter's pattern")
        String pattern;

        MultiGetRange(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            byte[] hk = bytes(hashKey);
            MultiGetOptions o = MultiGetOptions.defaults()
                    .withStartInclusive(!startExclusive)
                    .withStopInclusive(stopInclusive)
                    .withMaxFetchCount(maxCount)
                    .withNoValue(noValue)
                    .withReverse(reverse);
            if (filterType != null) {
                o = o.withSortKeyFilter(filter(filterType), bytes(pattern == null ? "" : pattern));
            }
            MultiGetResult r = ctx.table().multiGet(hk, bytes(start), bytes(stop), o);
            printRecords(out(), hk, r.values(), noValue);
            out().note(r.values().size() + " record(s)" + (r.allFetched() ? "" : ", more not fetched"));
        }
    }

    static FilterType filter(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "anywhere" -> FilterType.MATCH_ANYWHERE;
            case "prefix" -> FilterType.MATCH_PREFIX;
            case "postfix" -> FilterType.MATCH_POSTFIX;
            default -> throw new ShellException("unknown filter '" + name + "': use anywhere, prefix or postfix");
        };
    }

    @Command(name = "multi_del", description = "Deletes records of one hash key: multi_del HASH_KEY SORT_KEY...")
    static final class MultiDel extends ShellCommand {
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "SORT_KEY")
        List<String> sortKeys = new ArrayList<>();

        MultiDel(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            List<byte[]> sks = new ArrayList<>();
            sortKeys.forEach(s -> sks.add(bytes(s)));
            ctx.table().multiDel(bytes(hashKey), sks);
            out().document(Map.of("ok", true, "count", sks.size()), "OK, " + sks.size() + " record(s) deleted");
        }
    }

    @Command(
            name = "check_and_set",
            description = "Atomically checks one record and, if the check passes, sets another of the same hash key.")
    static final class CheckAndSet extends ShellCommand {
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;

        @Option(
                names = {"-c", "--check_sort_key"},
                required = true)
        String checkSortKey;

        @Option(
                names = {"-t", "--check_type"},
                required = true,
                description = "e.g. value_not_exist, value_exist, value_bytes_equal, value_int_less (all 18 types)")
        String checkType;

        @Option(
                names = {"-o", "--check_operand"},
                defaultValue = "")
        String operand;

        @Option(
                names = {"-s", "--set_sort_key"},
                required = true)
        String setSortKey;

        @Option(
                names = {"-v", "--set_value"},
                required = true)
        String setValue;

        @Option(
                names = {"-l", "--set_value_ttl_seconds"},
                defaultValue = "0")
        int ttl;

        @Option(
                names = {"-r", "--return_check_value"},
                description = "show the checked record's value")
        boolean returnCheckValue;

        CheckAndSet(ShellContext ctx) {
            super(ctx);
        }

        @Override
        protected void run() throws Exception {
            CheckType type;
            try {
                type = CheckType.valueOf(checkType.toUpperCase(Locale.ROOT).replaceFirst("^CT_", ""));
            } catch (IllegalArgumentException e) {
                throw new ShellException("unknown check type '" + checkType + "'");
            }
            PegasusTable t = ctx.table();
            CheckAndSetResult r = t.checkAndSet(
                    bytes(hashKey),
                    bytes(checkSortKey),
                    type,
                    bytes(operand),
                    bytes(setSortKey),
                    bytes(setValue),
                    CheckAndSetOptions.defaults().withSetValueTtlSeconds(ttl).withReturnCheckValue(returnCheckValue));
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("set_succeed", r.setSucceed());
            if (r.checkValueReturned()) {
                v.put("check_value_exist", r.checkValueExist());
                v.put("check_value", show(r.checkValue()));
            }
            out().values(v);
        }
    }

    /** The HASH_KEY SORT_KEY pair that the single-record commands start with. */
    static final class RecordKey {
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;

        @Parameters(index = "1", paramLabel = "SORT_KEY")
        String sortKey;

        byte[] hash() {
            return ShellCommand.bytes(hashKey);
        }

        byte[] sort() {
            return ShellCommand.bytes(sortKey);
        }
    }
}
