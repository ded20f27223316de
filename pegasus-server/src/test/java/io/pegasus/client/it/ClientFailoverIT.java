package io.pegasus.client.it;

import static io.pegasus.client.it.ClusterFixture.b;
import static io.pegasus.client.it.ClusterFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusTable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Primaries and the MetaServer leader fail while the client writes: the client follows the new configuration and
 * the caller sees errors only inside the failover window; every acknowledged write is readable afterwards.
 */
class ClientFailoverIT {
    /** How long after a kill the cluster may take to assign new primaries (failure detection + reconfiguration). */
    private static final long FAILOVER_WINDOW_MS = 20_000;

    private record Failure(long atMillis, String message) {}

    /** Writes sequentially until stopped; remembers what was acknowledged and when each failure happened. */
    private static final class Writer extends Thread {
        final PegasusTable table;
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final List<Failure> failures = new CopyOnWriteArrayList<>();
        final long startMillis = System.currentTimeMillis();

        Writer(PegasusTable table) {
            this.table = table;
        }

        @Override
        public void run() {
            for (int i = 0; !stop.get(); i++) {
                String hk = "fo" + (i % 997);
                String value = "v" + i;
                try {
                    table.set(b(hk), b("s"), b(value));
                    acknowledged.put(hk, value);
                } catch (PegasusException e) {
                    failures.add(new Failure(System.currentTimeMillis() - startMillis, e.getMessage()));
                }
            }
        }
    }

    private static void assertFailuresOnlyWithin(List<Failure> failures, long fromMillis, long toMillis) {
        List<Failure> outside = failures.stream()
                .filter(f -> f.atMillis() < fromMillis || f.atMillis() > toMillis)
                .toList();
        // the whole timeline, so that a failure in CI says how long the outage lasted and what the client saw
        assertThat(outside)
                .as(
                        "failures outside the window [%d, %d] ms (%d failures in all, first %s, last %s)",
                        fromMillis,
                        toMillis,
                        failures.size(),
                        failures.isEmpty() ? "-" : failures.get(0),
                        failures.isEmpty() ? "-" : failures.get(failures.size() - 1))
                .isEmpty();
    }

    private static void assertAcknowledgedWritesReadable(PegasusTable t, Map<String, String> acknowledged)
            throws PegasusException {
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            // a later failed write of the same key may or may not have been applied; only check it exists
            assertThat(s(t.get(b(e.getKey()), b("s")))).isNotNull();
        }
    }

    @Test
    void writesFollowAPrimaryThatIsKilledAndComesBack() throws Exception {
        try (ClusterFixture fx = ClusterFixture.start(1, 3, "failover", 8, 3)) {
            Writer w = new Writer(fx.table);
            w.start();
            Thread.sleep(3000);
            long killedAt = System.currentTimeMillis() - w.startMillis;
            fx.cluster.killReplicaServer(0);
            Thread.sleep(FAILOVER_WINDOW_MS + 5000);
            fx.cluster.restartReplicaServer(0);
            Thread.sleep(10_000);
            w.stop.set(true);
            w.join();
            assertThat(w.acknowledged).isNotEmpty();
            // the restart itself must not cause errors: replicas rejoin as learners while primaries keep serving
            assertFailuresOnlyWithin(w.failures, killedAt, killedAt + FAILOVER_WINDOW_MS);
            assertAcknowledgedWritesReadable(fx.table, w.acknowledged);
        }
    }

    @Test
    void theClientFollowsANewMetaLeader() throws Exception {
        try (ClusterFixture fx = ClusterFixture.start(3, 3, "meta_failover", 4, 3)) {
            Writer w = new Writer(fx.table);
            w.start();
            Thread.sleep(2000);
            long killedAt = System.currentTimeMillis() - w.startMillis;
            fx.cluster.killMetaLeader();
            // data operations do not need the MetaServer while the routing is unchanged
            Thread.sleep(5000);
            fx.cluster.killReplicaServer(1);
            Thread.sleep(FAILOVER_WINDOW_MS + 5000);
            w.stop.set(true);
            w.join();
            assertFailuresOnlyWithin(w.failures, killedAt, killedAt + 5000 + FAILOVER_WINDOW_MS);
            // opening a table and admin calls reach the new leader
            assertThat(fx.client.openTable("meta_failover").name()).isEqualTo("meta_failover");
            assertThat(fx.client.listTables()).extracting(i -> i.name()).contains("meta_failover");
            assertAcknowledgedWritesReadable(fx.table, w.acknowledged);
        }
    }

    @Test
    void incrIsNeverAppliedTwiceAcrossAFailover() throws Exception {
        try (ClusterFixture fx = ClusterFixture.start(1, 3, "incr_failover", 4, 3)) {
            PegasusTable t = fx.table;
            long acknowledged = 0;
            long unknown = 0;
            long start = System.currentTimeMillis();
            boolean killed = false;
            while (System.currentTimeMillis() - start < 30_000) {
                if (!killed && System.currentTimeMillis() - start > 3000) {
                    fx.cluster.killReplicaServer(2);
                    killed = true;
                }
                try {
                    t.incr(b("counter"), b("n"), 1);
                    acknowledged++;
                } catch (io.pegasus.client.PegasusOutcomeUnknownException e) {
                    unknown++;
                } catch (PegasusException e) {
                    // definitely not applied (timeout waiting for a primary, not sent)
                }
            }
            long value = Long.parseLong(s(t.get(b("counter"), b("n"))));
            assertThat(value).isBetween(acknowledged, acknowledged + unknown);
        }
    }
}
