package io.pegasus.examples;

import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusTable;
import io.pegasus.client.PegasusTableNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** What the examples share: argument handling, table creation, checks that fail the run. */
final class ExampleSupport {
    private ExampleSupport() {}

    /** args: meta server list, then an optional table name (default {@code defaultTable}). */
    static String table(String[] args, String defaultTable) {
        if (args.length < 1) {
            System.err.println("usage: <meta servers: host:port,host:port,...> [table] [replica count]");
            System.exit(2);
        }
        return args.length > 1 ? args[1] : defaultTable;
    }

    /** Opens the table, creating it (8 partitions) first when it does not exist. */
    static PegasusTable openOrCreate(PegasusClient client, String name, String[] args) throws PegasusException {
        try {
            return client.openTable(name);
        } catch (PegasusTableNotFoundException e) {
            int replicas = args.length > 2 ? Integer.parseInt(args[2]) : 3;
            System.out.println("creating table " + name + " (8 partitions, " + replicas + " replicas)");
            client.createTable(name, 8, replicas, null, Duration.ofMinutes(2));
            return client.openTable(name);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
        System.out.println("ok   " + what);
    }

    static void checkEquals(byte[] actual, String expected, String what) {
        check(Arrays.equals(actual, expected == null ? null : bytes(expected)), what + " = " + str(actual));
    }
}
