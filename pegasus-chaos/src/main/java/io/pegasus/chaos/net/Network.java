package io.pegasus.chaos.net;

import java.util.List;
import java.util.Set;

/**
 * Where the cluster's processes live and how the links between them are cut. Each process runs on a host of its own
 * with an address of its own, so one link (a pair of hosts) can be cut while every other keeps working. The harness's
 * own JVM (the clients, the checks) reaches every host and is never cut off.
 *
 * <p>Two implementations: {@link NamespaceNetwork} (a Linux network namespace per host; partitions drop packets
 * silently, like a real network fault) and {@link LoopbackNetwork} (addresses on 127.0.0.0/8 in this namespace; no
 * partitions). Thread-safe.
 */
public interface Network extends AutoCloseable {
    /** Creates host {@code name} and returns its IPv4 address. Names are short: letters and digits. */
    String addHost(String name);

    /** The address of a host added before. */
    String address(String host);

    /** What to put in front of a command so that it runs on {@code host} (empty on loopback). */
    List<String> launchPrefix(String host);

    /** False when {@link #cut} is not available (loopback). */
    boolean supportsPartitions();

    /**
     * Drops every packet from {@code from} to {@code to} from now on, without telling either side (connections stall
     * and time out, as in a real partition). One direction only; {@link #cutBoth} for both.
     */
    void cut(String from, String to);

    default void cutBoth(String a, String b) {
        cut(a, b);
        cut(b, a);
    }

    /** Lets packets from {@code from} to {@code to} through again. */
    void heal(String from, String to);

    /** Every direction currently cut. */
    Set<Link> cutLinks();

    /** Heals every cut link. */
    default void healAll() {
        for (Link l : cutLinks()) {
            heal(l.from(), l.to());
        }
    }

    /** Removes everything this network created (processes must have been stopped). */
    @Override
    void close();

    /** One direction of a link between two hosts. */
    record Link(String from, String to) {}
}
