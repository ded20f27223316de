package io.pegasus.chaos.nemesis;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One fault the nemesis can inflict on the cluster's hosts, and undo. */
public sealed interface Fault {
    /** The hosts this fault impairs (no host carries two faults at a time). */
    Set<String> hosts();

    /** SIGKILL; undone by starting the process again with its data. */
    record Kill(String node) implements Fault {
        @Override
        public Set<String> hosts() {
            return Set.of(node);
        }
    }

    /** SIGSTOP; undone by SIGCONT. */
    record Pause(String node) implements Fault {
        @Override
        public Set<String> hosts() {
            return Set.of(node);
        }
    }

    /** Every link between the node and the other hosts of the cluster cut both ways (clients still reach it). */
    record Isolate(String node) implements Fault {
        @Override
        public Set<String> hosts() {
            return Set.of(node);
        }
    }

    /** The one link between two hosts cut both ways; each still reaches everybody else. */
    record CutLink(String a, String b) implements Fault {
        @Override
        public Set<String> hosts() {
            return Set.of(a, b);
        }
    }

    /** The cluster split in two: {@code side} against every other host. */
    record Split(Set<String> side, Set<String> rest) implements Fault {
        public Split {
            side = Set.copyOf(new TreeSet<>(side));
            rest = Set.copyOf(new TreeSet<>(rest));
        }

        @Override
        public Set<String> hosts() {
            Set<String> all = new TreeSet<>(side);
            all.addAll(rest);
            return all;
        }

        @Override
        public String toString() {
            return "Split[" + new TreeSet<>(side) + " | " + new TreeSet<>(rest) + "]";
        }
    }

    /** Whether the fault needs network namespaces. */
    default boolean needsPartitions() {
        return this instanceof Isolate || this instanceof CutLink || this instanceof Split;
    }

    static List<String> sorted(Set<String> s) {
        return List.copyOf(new TreeSet<>(s));
    }
}
