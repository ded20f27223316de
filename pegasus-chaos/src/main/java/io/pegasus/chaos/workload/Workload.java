package io.pegasus.chaos.workload;

import io.pegasus.client.PegasusTable;
import io.pegasus.verify.Op;
import io.pegasus.verify.OpKind;
import io.pegasus.verify.OpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients issuing register operations on a table, each one at a time (a closed loop with a short pause between
 * operations), until stopped. Everything they do is recorded in the {@link HistoryRecorder}.
 *
 * <p>Process ids: client {@code c} starts as process {@code c}; after an operation of unknown outcome it continues as
 * a new process ({@code c + clients}, ...), as Jepsen does, because the unknown operation may still take effect later
 * and so overlaps everything the client does next.
 */
public final class Workload {
    private static final Logger LOG = LoggerFactory.getLogger(Workload.class);

    /**
     * @param clients concurrent clients (threads)
     * @param keysPerGeneration keys in use at a time
     * @param generationMillis how long a key generation lasts (0: one generation)
     * @param pauseMillis pause between two operations of one client
     * @param seed seed of every client's {@link OpGenerator}
     */
    public record Options(int clients, int keysPerGeneration, long generationMillis, int pauseMillis, long seed) {}

    private final PegasusTable table;
    private final HistoryRecorder history;
    private final Options options;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong lastGeneration = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private long startNanos;

    public Workload(PegasusTable table, HistoryRecorder history, Options options) {
        this.table = table;
        this.history = history;
        this.options = options;
    }

    public synchronized void start() {
        startNanos = history.now();
        for (int c = 0; c < options.clients(); c++) {
            int client = c;
            Thread t = new Thread(() -> run(client), "chaos-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run(int client) {
        OpGenerator gen = new OpGenerator(
                client,
                options.seed() * 1_000_003L + client,
                options.keysPerGeneration(),
                options.generationMillis(),
                OpGenerator.DEFAULT_MIX);
        int process = client;
        while (!stop.get()) {
            long elapsed = history.now() - startNanos;
            lastGeneration.accumulateAndGet(gen.generation(elapsed), Math::max);
            PlannedOp p = gen.next(elapsed);
            Op op = RegisterOps.execute(table, process, p, history);
            completed.incrementAndGet();
            if (op.status() == OpStatus.UNKNOWN) {
                process += options.clients();
            } else if (op.status() == OpStatus.OK) {
                observe(gen, op);
            }
            if (options.pauseMillis() > 0) {
                try {
                    Thread.sleep(options.pauseMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void observe(OpGenerator gen, Op op) {
        if (op.kind() == OpKind.GET) {
            gen.observed(op.key(), op.readValue());
        } else if (op.kind() == OpKind.SET || (op.kind() == OpKind.CAS && op.casSucceeded())) {
            gen.observed(op.key(), op.value());
        } else if (op.kind() == OpKind.INCR) {
            gen.observed(op.key(), Long.toString(op.incrResult()));
        } else if (op.kind() == OpKind.DEL) {
            gen.observed(op.key(), null);
        }
    }

    /** Operations completed so far. */
    public long completed() {
        return completed.get();
    }

    /** Stops the clients and waits for their operations in progress to end. */
    public void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
            if (t.isAlive()) {
                LOG.warn("{} did not stop", t.getName());
            }
        }
    }

    /** Every key the clients may have used. */
    public List<String> keysUsed() {
        return OpGenerator.keysUpTo(lastGeneration.get(), options.keysPerGeneration());
    }

    public Options options() {
        return options;
    }
}
