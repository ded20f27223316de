package io.pegasus.chaos.nemesis;

import io.pegasus.chaos.cluster.NodeKind;
import io.pegasus.chaos.cluster.NodeProcess;
import io.pegasus.chaos.cluster.ProcessCluster;
import io.pegasus.chaos.net.Network;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inflicts and undoes {@link Fault}s on a {@link ProcessCluster}, and logs when, on the history's clock. For a fault
 * on a ReplicaServer it also logs which partitions that server was primary of just before (asked of the MetaServer),
 * so the time until those partitions accept writes again can be read from the history.
 */
public final class Nemesis {
    private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);

    /**
     * @param nanos when, on the history's clock (taken just before the fault was inflicted or undone)
     * @param primaryOf for a fault started on one ReplicaServer: the partitions it was primary of; null if unknown
     * @param alone whether this fault started while no other fault was active and, as far as the MetaServer said just
     *     before, every partition had all its replicas (the previous faults' damage was repaired)
     */
    public record Event(long nanos, boolean start, Fault fault, Set<Integer> primaryOf, boolean alone) {}

    private final ProcessCluster cluster;
    private final String table;
    private final LongSupplier clock;
    private final List<Event> events = new ArrayList<>();

    public Nemesis(ProcessCluster cluster, String table, LongSupplier clock) {
        this.cluster = cluster;
        this.table = table;
        this.clock = clock;
    }

    /** Inflicts the fault of {@code step} (moved to the MetaServer leader if asked and possible); returns it. */
    public Fault start(NemesisStep.Start step, Set<Fault> active) throws InterruptedException {
        Fault f = step.aimAtLeader() ? aimAtLeader(step.fault(), active) : step.fault();
        Optional<query_cfg_response> config = singleReplica(f).isPresent() ? config() : Optional.empty();
        Set<Integer> primaryOf = singleReplica(f)
                .flatMap(r -> config.map(c -> primaryPartitions(c, r)))
                .orElse(null);
        boolean alone =
                active.isEmpty() && config.map(MetaAdminClient::isHealthy).orElse(false);
        long t = clock.getAsLong();
        Network net = cluster.network();
        if (f instanceof Fault.Kill k) {
            cluster.node(k.node()).kill();
        } else if (f instanceof Fault.Pause p) {
            cluster.node(p.node()).pause();
        } else if (f instanceof Fault.Isolate i) {
            for (NodeProcess other : cluster.all()) {
                if (!other.name().equals(i.node())) {
                    net.cutBoth(i.node(), other.name());
                }
            }
        } else if (f instanceof Fault.CutLink c) {
            net.cutBoth(c.a(), c.b());
        } else if (f instanceof Fault.Split s) {
            for (String a : s.side()) {
                for (String b : s.rest()) {
                    net.cutBoth(a, b);
                }
            }
        }
        synchronized (this) {
            events.add(new Event(t, true, f, primaryOf, alone));
        }
        LOG.info("nemesis: start {}{}", f, primaryOf == null ? "" : " (primary of partitions " + primaryOf + ")");
        return f;
    }

    /** Undoes an active fault: restart, SIGCONT, or heal the cut links. */
    public void heal(Fault f) throws IOException, InterruptedException {
        long t = clock.getAsLong();
        Network net = cluster.network();
        if (f instanceof Fault.Kill k) {
            cluster.restart(cluster.node(k.node()));
        } else if (f instanceof Fault.Pause p) {
            cluster.node(p.node()).resume();
        } else if (f instanceof Fault.Isolate i) {
            for (NodeProcess other : cluster.all()) {
                if (!other.name().equals(i.node())) {
                    net.heal(i.node(), other.name());
                    net.heal(other.name(), i.node());
                }
            }
        } else if (f instanceof Fault.CutLink c) {
            net.heal(c.a(), c.b());
            net.heal(c.b(), c.a());
        } else if (f instanceof Fault.Split s) {
            for (String a : s.side()) {
                for (String b : s.rest()) {
                    net.heal(a, b);
                    net.heal(b, a);
                }
            }
        }
        synchronized (this) {
            events.add(new Event(t, false, f, null, false));
        }
        LOG.info("nemesis: healed {}", f);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    private Fault aimAtLeader(Fault f, Set<Fault> active) {
        Optional<NodeProcess> leader = cluster.leaderMeta();
        if (leader.isEmpty()) {
            return f;
        }
        String l = leader.get().name();
        boolean busy = active.stream().anyMatch(a -> a.hosts().contains(l));
        if (busy) {
            return f;
        }
        if (f instanceof Fault.Kill) {
            return new Fault.Kill(l);
        } else if (f instanceof Fault.Pause) {
            return new Fault.Pause(l);
        } else if (f instanceof Fault.Isolate) {
            return new Fault.Isolate(l);
        }
        return f;
    }

    private Optional<String> singleReplica(Fault f) {
        Set<String> hosts = f.hosts();
        if (hosts.size() != 1 || f instanceof Fault.Split) {
            return Optional.empty();
        }
        String h = hosts.iterator().next();
        return cluster.node(h).kind() == NodeKind.REPLICA ? Optional.of(h) : Optional.empty();
    }

    private Optional<query_cfg_response> config() {
        try {
            return Optional.of(cluster.queryConfig(table));
        } catch (Exception e) {
            LOG.info("cannot read the table's configuration: {}", e.toString());
            return Optional.empty();
        }
    }

    private Set<Integer> primaryPartitions(query_cfg_response config, String node) {
        String address = cluster.node(node).address();
        Set<Integer> ps = new TreeSet<>();
        List<partition_configuration> configs = config.getPartitions();
        for (int i = 0; i < configs.size(); i++) {
            var p = configs.get(i).getPrimary();
            if (p != null && !p.isInvalid() && p.toString().equals(address)) {
                ps.add(i);
            }
        }
        return ps;
    }
}
