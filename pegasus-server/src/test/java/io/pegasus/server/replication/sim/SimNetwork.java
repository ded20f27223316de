package io.pegasus.server.replication.sim;

import io.pegasus.server.replication.NodeId;
import io.pegasus.server.replication.ReplicaMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything in flight, with the faults a test injects: rules that drop, duplicate or hold matching envelopes,
 * isolated nodes (cut off from replicas, clients and the MetaServer), paused nodes (nothing is delivered to them),
 * and an optional seeded shuffle of the delivery order. Local IO completions of one node always keep their order.
 */
public final class SimNetwork {

    /** What a rule does to a matching envelope. */
    public enum Fault {
        DROP,
        DUPLICATE,
        /** Kept aside until {@link #releaseHeld()}, then delivered after everything already in flight. */
        HOLD
    }

    /** A fault rule; remove it with {@link SimNetwork#remove(Rule)}. */
    public static final class Rule {
        final Predicate<Envelope> match;
        final Fault fault;
        int remaining;

        Rule(Predicate<Envelope> match, Fault fault, int times) {
            this.match = match;
            this.fault = fault;
            this.remaining = times;
        }
    }

    private final List<Envelope> inFlight = new ArrayList<>();
    private final List<Envelope> held = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Set<NodeId> isolated = new HashSet<>();
    private final Set<NodeId> paused = new HashSet<>();
    private final Set<Set<NodeId>> cutLinks = new HashSet<>();
    private final java.util.Map<Class<?>, Integer> postedByType = new java.util.HashMap<>();
    private Random shuffle;
    private long dropped;

    /** Applies {@code fault} to every matching envelope from now on. */
    public Rule always(Predicate<Envelope> match, Fault fault) {
        return add(new Rule(match, fault, -1));
    }

    /** Applies {@code fault} to the next {@code times} matching envelopes. */
    public Rule times(int times, Predicate<Envelope> match, Fault fault) {
        return add(new Rule(match, fault, times));
    }

    private Rule add(Rule r) {
        rules.add(r);
        return r;
    }

    public void remove(Rule rule) {
        rules.remove(rule);
    }

    public void clearRules() {
        rules.clear();
    }

    public void isolate(NodeId node) {
        isolated.add(node);
    }

    public void heal(NodeId node) {
        isolated.remove(node);
    }

    /** Heals every isolation and every cut link. */
    public void healAll() {
        isolated.clear();
        cutLinks.clear();
    }

    /** Cuts the link between two replicas (both directions); each still reaches everyone else. */
    public void cut(NodeId a, NodeId b) {
        cutLinks.add(Set.of(a, b));
    }

    public void healLinks() {
        cutLinks.clear();
    }

    public boolean isIsolated(NodeId node) {
        return isolated.contains(node);
    }

    void pause(NodeId node) {
        paused.add(node);
    }

    void unpause(NodeId node) {
        paused.remove(node);
    }

    /** Delivers in a random (seeded) order from now on; null restores FIFO. */
    public void shuffle(Random random) {
        this.shuffle = random;
    }

    /** Moves every held envelope back in flight, behind what is already there. */
    public void releaseHeld() {
        releaseHeld(e -> true);
    }

    /** Moves the held envelopes matching {@code match} back in flight, in their order, behind what is already there. */
    public void releaseHeld(Predicate<Envelope> match) {
        held.stream().filter(match).forEach(inFlight::add);
        held.removeIf(match);
    }

    /** Like {@link #releaseHeld()}, newest first: the held envelopes arrive in reverse order. */
    public void releaseHeldReversed() {
        java.util.Collections.reverse(held);
        releaseHeld();
    }

    public List<Envelope> held() {
        return List.copyOf(held);
    }

    public List<Envelope> inFlight() {
        return List.copyOf(inFlight);
    }

    public long droppedCount() {
        return dropped;
    }

    /** Removes every in-flight envelope matching {@code match} (e.g. what was addressed to a crashed node). */
    public void discard(Predicate<Envelope> match) {
        inFlight.removeIf(match);
        held.removeIf(match);
    }

    /** How many replica messages of this type were sent (before any fault), since the start. */
    public int postedCount(Class<? extends ReplicaMessage> type) {
        return postedByType.getOrDefault(type, 0);
    }

    void post(Envelope e) {
        if (e instanceof Envelope.Net n) {
            postedByType.merge(n.message().getClass(), 1, Integer::sum);
        }
        if (cutOff(e)) {
            dropped++;
            return;
        }
        int copies = 1;
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (!r.match.test(e)) {
                continue;
            }
            if (r.remaining > 0 && --r.remaining == 0) {
                it.remove();
            }
            switch (r.fault) {
                case DROP -> {
                    dropped++;
                    return;
                }
                case HOLD -> {
                    held.add(e);
                    return;
                }
                case DUPLICATE -> copies = 2;
            }
            break;
        }
        for (int i = 0; i < copies; i++) {
            inFlight.add(e);
        }
    }

    private boolean cutOff(Envelope e) {
        if (e instanceof Envelope.Net n) {
            return isolated.contains(n.from())
                    || isolated.contains(n.to())
                    || (!n.from().equals(n.to()) && cutLinks.contains(Set.of(n.from(), n.to())));
        }
        if (e instanceof Envelope.ToMeta m) {
            return isolated.contains(m.from());
        }
        if (e instanceof Envelope.Local) {
            return false;
        }
        if (e instanceof Envelope.ClientReply r) {
            return isolated.contains(r.from());
        }
        return isolated.contains(e.to());
    }

    /** Takes the next deliverable envelope, or null if nothing can be delivered. */
    Envelope next() {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < inFlight.size(); i++) {
            NodeId to = inFlight.get(i).to();
            if (to == null || !paused.contains(to)) {
                candidates.add(i);
                if (shuffle == null) {
                    break;
                }
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        int index = shuffle == null ? candidates.get(0) : candidates.get(shuffle.nextInt(candidates.size()));
        if (inFlight.get(index) instanceof Envelope.Local local) {
            for (int i = 0; i < index; i++) {
                if (inFlight.get(i) instanceof Envelope.Local earlier
                        && earlier.to().equals(local.to())) {
                    index = i;
                    break;
                }
            }
        }
        return inFlight.remove(index);
    }
}
