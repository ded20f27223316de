package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.NodeId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The random faults of a {@link Simulation} run, one roll per tick: crashes and restarts (a crash loses the log's
 * unflushed tail), nodes isolated one by one and healed in another order, cut links between two nodes, nodes cut off
 * from the MetaServer only, pauses longer than the lease, MetaServer leader changes, dropped, duplicated, delayed and
 * reordered messages (replica to replica, to and from the MetaServer, answers to clients), held log writes, failed
 * log appends and learner installs, log garbage collection. Faults that last end by themselves after a while.
 */
final class FaultSchedule {
    /** How many faults of each kind struck. */
    record Counts(
            int crashes,
            int isolations,
            int cutLinks,
            int metaCuts,
            int pauses,
            int leaderChanges,
            int messageRules,
            int logFaults) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

        Counts plus(Counts o) {
            return new Counts(
                    crashes + o.crashes,
                    isolations + o.isolations,
                    cutLinks + o.cutLinks,
                    metaCuts + o.metaCuts,
                    pauses + o.pauses,
                    leaderChanges + o.leaderChanges,
                    messageRules + o.messageRules,
                    logFaults + o.logFaults);
        }

        @Override
        public String toString() {
            return crashes + " crashes, " + isolations + " isolations, " + cutLinks + " cut links, " + metaCuts
                    + " cuts from the MetaServer, " + pauses + " pauses, " + leaderChanges
                    + " MetaServer leader changes, " + messageRules + " message faults, " + logFaults + " log faults";
        }
    }

    private record Later(long atMillis, Runnable action) {}

    private final SimCluster c;
    private final Random random;
    private final List<Later> later = new ArrayList<>();
    private boolean partitionPhase;
    private int crashes;
    private int isolations;
    private int cutLinks;
    private int metaCuts;
    private int pauses;
    private int leaderChanges;
    private int messageRules;
    private int logFaults;

    FaultSchedule(SimCluster c, Random random) {
        this.c = c;
        this.random = random;
    }

    Counts counts() {
        return new Counts(crashes, isolations, cutLinks, metaCuts, pauses, leaderChanges, messageRules, logFaults);
    }

    /** Runs what is due, then maybe starts a new fault (before the tick). */
    void strike() {
        runDue();
        SimNode n = c.nodes().get(random.nextInt(c.nodes().size()));
        int dice = random.nextInt(1000);
        long lease = c.options().leaseMillis;
        long grace = c.options().graceMillis;
        if (dice < 4) {
            if (n.isUp()) {
                crashes++;
                c.crash(n.id());
                at(50 + random.nextInt(1500), () -> restartIfDown(n));
            }
        } else if (dice < 7) {
            isolateOneByOne();
        } else if (dice < 10) {
            SimNode other = c.nodes().get(random.nextInt(c.nodes().size()));
            if (!other.id().equals(n.id())) {
                cutLinks++;
                c.network().cut(n.id(), other.id());
                at(50 + random.nextInt(1000), () -> c.network().healLinks());
            }
        } else if (dice < 12) {
            metaCuts++;
            c.cutFromMeta(n.id());
            at(50 + random.nextInt(1000), () -> c.reconnectToMeta(n.id()));
        } else if (dice < 16) {
            if (n.isRunning()) {
                pauses++;
                c.pause(n.id());
                // mostly longer than the lease, sometimes longer than the grace period too
                long length = random.nextBoolean()
                        ? lease + random.nextInt((int) (grace - lease) + 1)
                        : grace + random.nextInt(500);
                at(length, () -> resumeIfPaused(n));
            }
        } else if (dice < 19) {
            leaderChanges++;
            c.meta().changeLeader(random.nextInt((int) grace));
        } else if (dice < 40) {
            messageFault();
        } else if (dice < 43 && n.isUp()) {
            logFaults++;
            c.holdLog(n.id());
            at(10 + random.nextInt(300), () -> c.releaseLog(n.id()));
        } else if (dice < 44 && n.isUp()) {
            logFaults++;
            n.log().failNextAppend();
        } else if (dice < 46) {
            logFaults++;
            n.failNextInstall();
        } else if (dice < 52 && n.isUp()) {
            n.log().gc(n.storage().lastApplied());
        } else if (dice < 56) {
            // the operator restarts a node whose replica is in error (the driver keeps it open, refusing everything)
            for (SimNode x : c.nodes()) {
                if (Simulation.inError(x)) {
                    c.crash(x.id());
                    at(50 + random.nextInt(500), () -> restartIfDown(x));
                }
            }
        }
    }

    private void isolateOneByOne() {
        if (partitionPhase) {
            return;
        }
        partitionPhase = true;
        List<NodeId> order = Simulation.shuffled(c, random);
        int count = 1 + random.nextInt(order.size());
        long t = 0;
        for (int i = 0; i < count; i++) {
            NodeId id = order.get(i);
            t += 10 + random.nextInt(200);
            at(t, () -> {
                isolations++;
                c.network().isolate(id);
            });
        }
        t += 50 + random.nextInt(800);
        List<NodeId> healOrder = new ArrayList<>(order.subList(0, count));
        java.util.Collections.shuffle(healOrder, random);
        for (NodeId id : healOrder) {
            t += 10 + random.nextInt(200);
            at(t, () -> c.network().heal(id));
        }
        at(t, () -> partitionPhase = false);
    }

    private void messageFault() {
        messageRules++;
        int kind = random.nextInt(10);
        Predicate<Envelope> target;
        if (kind < 4) {
            target = e -> e instanceof Envelope.Net;
        } else if (kind < 7) {
            target = e -> e instanceof Envelope.FromMeta || e instanceof Envelope.ToMeta;
        } else if (kind < 8) {
            // an answer to a client lost: the write happened, the client cannot tell
            c.network().times(1 + random.nextInt(2), e -> e instanceof Envelope.ClientReply, SimNetwork.Fault.DROP);
            return;
        } else {
            // delayed and reordered: held, then delivered after everything else, maybe newest first
            c.network().times(1 + random.nextInt(5), e -> e instanceof Envelope.Net, SimNetwork.Fault.HOLD);
            boolean reversed = random.nextBoolean();
            at(10 + random.nextInt(200), () -> {
                if (reversed) {
                    c.network().releaseHeldReversed();
                } else {
                    c.network().releaseHeld();
                }
            });
            return;
        }
        c.network()
                .times(
                        1 + random.nextInt(3),
                        target,
                        random.nextBoolean() ? SimNetwork.Fault.DROP : SimNetwork.Fault.DUPLICATE);
    }

    /** Ends every fault: the network heals, every node runs again, held messages and logs are released. */
    void healEverything() {
        later.clear();
        partitionPhase = false;
        c.network().clearRules();
        c.network().healAll();
        c.network().releaseHeld();
        for (SimNode n : c.nodes()) {
            n.clearFaults();
            c.reconnectToMeta(n.id());
            c.releaseLog(n.id());
            if (n.isPaused()) {
                c.resume(n.id());
            }
            if (Simulation.inError(n)) {
                c.crash(n.id());
            }
            if (!n.isUp()) {
                c.restart(n.id());
            }
        }
        if (!c.meta().hasLeader()) {
            c.meta().changeLeader(0);
        }
    }

    private void at(long afterMillis, Runnable action) {
        later.add(new Later(c.now() + afterMillis, action));
    }

    private void runDue() {
        List<Runnable> due = new ArrayList<>();
        for (Iterator<Later> it = later.iterator(); it.hasNext(); ) {
            Later l = it.next();
            if (l.atMillis() <= c.now()) {
                due.add(l.action());
                it.remove();
            }
        }
        due.forEach(Runnable::run);
    }

    private void restartIfDown(SimNode n) {
        if (!n.isUp()) {
            c.restart(n.id());
        }
    }

    private void resumeIfPaused(SimNode n) {
        if (n.isPaused()) {
            c.resume(n.id());
        }
    }
}
