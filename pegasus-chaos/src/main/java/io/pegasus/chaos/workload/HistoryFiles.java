package io.pegasus.chaos.workload;

import io.pegasus.verify.Op;
import io.pegasus.verify.OpKind;
import io.pegasus.verify.OpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A history as a tab-separated file, one operation per line, so that a failed run's history can be checked again or
 * read by a person: process, key, kind, value, expected, delta, invoke ns, complete ns, status, read value, incr
 * result, cas succeeded. "-" stands for null. Values never contain tabs (they are decimal numbers).
 */
public final class HistoryFiles {
    private static final String NULL = "-";

    private HistoryFiles() {}

    public static void write(Path file, List<Op> ops) {
        List<String> lines = new ArrayList<>(ops.size() + 1);
        lines.add("#process\tkey\tkind\tvalue\texpected\tdelta\tinvoke_ns\tcomplete_ns\tstatus\tread\tincr\tcas_ok");
        for (Op o : ops) {
            lines.add(String.join(
                    "\t",
                    Integer.toString(o.process()),
                    o.key(),
                    o.kind().name(),
                    text(o.value()),
                    text(o.expected()),
                    Long.toString(o.delta()),
                    Long.toString(o.invokeNanos()),
                    Long.toString(o.completeNanos()),
                    o.status().name(),
                    text(o.readValue()),
                    Long.toString(o.incrResult()),
                    Boolean.toString(o.casSucceeded())));
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Op> read(Path file) {
        List<Op> ops = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                ops.add(new Op(
                        Integer.parseInt(f[0]),
                        f[1],
                        OpKind.valueOf(f[2]),
                        nullable(f[3]),
                        nullable(f[4]),
                        Long.parseLong(f[5]),
                        Long.parseLong(f[6]),
                        Long.parseLong(f[7]),
                        OpStatus.valueOf(f[8]),
                        nullable(f[9]),
                        Long.parseLong(f[10]),
                        Boolean.parseBoolean(f[11])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ops;
    }

    private static String text(String s) {
        if (s != null && (s.equals(NULL) || s.contains("\t") || s.contains("\n"))) {
            throw new IllegalArgumentException("cannot write value " + s);
        }
        return s == null ? NULL : s;
    }

    private static String nullable(String s) {
        return s.equals(NULL) ? null : s;
    }
}
