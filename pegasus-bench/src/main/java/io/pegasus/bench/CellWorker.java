package io.pegasus.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * A worker JVM that runs the cells of one system: {@link BenchMain} starts one per system, each on that system's
 * classpath (jetcd needs Netty 4.1, our client Netty 4.2), and sends it one command per line on stdin:
 *
 * <pre>
 * load RECORDS VALUE_BYTES THREADS
 * run WORKLOAD RECORDS VALUE_BYTES THREADS WARMUP_SECONDS SECONDS
 * </pre>
 *
 * Each is answered by one line {@code RESULT <csv>} ({@link ResultCsv#line}) or {@code FAILED <message>} on stdout;
 * everything else the clients print goes to stderr. Arguments: SYSTEM then {@code key=value} binding properties.
 * A worker keeps its JIT-compiled client across cells, and its garbage collection away from the other systems.
 */
public final class CellWorker {
    private CellWorker() {}

    public static void main(String[] args) throws Exception {
        SystemUnderTest system = SystemUnderTest.byLabel(args[0]);
        Properties base = new Properties();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            base.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        // the protocol channel is the real stdout; clients and YCSB print to what they think is stdout
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        YcsbRunner runner = new YcsbRunner(base);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            try {
                RunResult r = switch (w[0]) {
                    case "load" ->
                        runner.load(system, Long.parseLong(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]));
                    case "run" ->
                        runner.run(
                                system,
                                w[1],
                                Long.parseLong(w[2]),
                                Integer.parseInt(w[3]),
                                Integer.parseInt(w[4]),
                                Double.parseDouble(w[5]),
                                Double.parseDouble(w[6]));
                    case "quit" -> null;
                    default -> throw new IllegalArgumentException("unknown command " + w[0]);
                };
                if (r == null) {
                    break;
                }
                protocol.println("RESULT " + ResultCsv.line(r));
            } catch (Exception | LinkageError e) {
                e.printStackTrace();
                protocol.println("FAILED " + e.toString().replace('\n', ' '));
            }
        }
        System.exit(0);
    }
}
