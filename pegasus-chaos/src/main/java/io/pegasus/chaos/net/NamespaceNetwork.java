package io.pegasus.chaos.net;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Linux network namespace per host, all joined by a bridge in a hub namespace, and this JVM's namespace joined to
 * the same bridge, on a private /24 ({@code 10.A.B.0/24}, A.B random and checked free):
 *
 * <pre>
 *   this JVM (10.A.B.1) --veth-- [hub: bridge br0] --veth-- host "meta1" (10.A.B.10), "replica1" (10.A.B.11), ...
 * </pre>
 *
 * <p>A cut from host X to host Y is a {@code tc} filter on X's interface that redirects every packet for Y to a
 * device that drops it (a veth whose peer is down). Nothing answers: connects and sends stall until their timeouts,
 * which is what a real partition looks like; a blackhole route would fail them at once (EINVAL) instead. This kernel
 * has no netem and no iptables/nftables; the u32 classifier and the mirred action are what it offers.
 *
 * <p>Names: namespaces {@code pgc-<pid>-<id>-<host>}, so a harness killed before it could clean up is recognised
 * (its pid is gone) and removed, with any process left inside, by the next one ({@link #removeStale()}).
 */
public final class NamespaceNetwork implements Network {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceNetwork.class);
    static final String PREFIX = "pgc-";
    private static final String IFACE = "veth0";
    private static final String SINK = "sink0";
    private static final int FIRST_HOST = 10;

    private final String id;
    private final String subnet;
    private final String hub;
    private final String rootVeth;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Set<Link> cut = new HashSet<>();
    private boolean closed;

    private record Host(String name, int index, String namespace, String address) {}

    private NamespaceNetwork(String id, String subnet) {
        this.id = id;
        this.subnet = subnet;
        this.hub = PREFIX + ProcessHandle.current().pid() + "-" + id + "-hub";
        this.rootVeth = "pc" + id + "r";
    }

    /**
     * Sets up the hub and this JVM's link to it. Fails (IllegalStateException, nothing left behind) when namespaces
     * cannot be made here: not root, no {@code ip netns}, no veth, bridge, u32 or mirred support.
     */
    public static NamespaceNetwork create(Random random) {
        removeStale();
        String id = String.format(Locale.ROOT, "%04x", random.nextInt(1 << 16));
        NamespaceNetwork n = new NamespaceNetwork(id, freeSubnet(random));
        try {
            n.setUp();
            return n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    private static String freeSubnet(Random random) {
        String used = Shell.run(List.of("ip", "-o", "-4", "addr", "show")).output()
                + "\n"
                + Shell.run(List.of("ip", "-4", "route", "show")).output();
        for (int attempt = 0; attempt < 100; attempt++) {
            String s = "10." + (200 + random.nextInt(50)) + "." + random.nextInt(256) + ".";
            if (!used.contains(" " + s)) {
                return s;
            }
        }
        throw new IllegalStateException("no free 10.x.y.0/24 subnet found");
    }

    private void setUp() {
        Shell.check("ip", "netns", "add", hub);
        Shell.check("ip", "-n", hub, "link", "add", "br0", "type", "bridge");
        Shell.check("ip", "-n", hub, "link", "set", "br0", "up");
        Shell.check("ip", "link", "add", rootVeth, "type", "veth", "peer", "name", "pc" + id + "R", "netns", hub);
        Shell.check("ip", "-n", hub, "link", "set", "pc" + id + "R", "master", "br0", "up");
        Shell.check("ip", "addr", "add", subnet + "1/24", "dev", rootVeth);
        Shell.check("ip", "link", "set", rootVeth, "up");
        LOG.info("network namespaces {}*: subnet {}0/24, this JVM at {}1", hub.replace("hub", ""), subnet, subnet);
    }

    @Override
    public synchronized String addHost(String name) {
        if (!name.matches("[A-Za-z0-9]{1,20}")) {
            throw new IllegalArgumentException("bad host name " + name);
        }
        if (hosts.containsKey(name)) {
            throw new IllegalArgumentException("host " + name + " exists");
        }
        int index = hosts.size();
        if (FIRST_HOST + index > 250) {
            throw new IllegalStateException("too many hosts");
        }
        String ns = PREFIX + ProcessHandle.current().pid() + "-" + id + "-" + name;
        String address = subnet + (FIRST_HOST + index);
        String hubSide = "pc" + id + "h" + index;
        Shell.check("ip", "netns", "add", ns);
        hosts.put(name, new Host(name, index, ns, address));
        Shell.check("ip", "-n", ns, "link", "set", "lo", "up");
        Shell.check(
                "ip", "link", "add", "name", IFACE, "netns", ns, "type", "veth", "peer", "name", hubSide, "netns", hub);
        Shell.check("ip", "-n", hub, "link", "set", hubSide, "master", "br0", "up");
        Shell.check("ip", "-n", ns, "addr", "add", address + "/24", "dev", IFACE);
        Shell.check("ip", "-n", ns, "link", "set", IFACE, "up");
        // the drop device: a veth whose peer stays down discards whatever is sent into it
        Shell.check("ip", "-n", ns, "link", "add", SINK, "type", "veth", "peer", "name", "sink1");
        Shell.check("ip", "-n", ns, "link", "set", SINK, "up");
        Shell.check("tc", "-n", ns, "qdisc", "add", "dev", IFACE, "clsact");
        return address;
    }

    private Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no host " + name);
        }
        return h;
    }

    @Override
    public synchronized String address(String host) {
        return host(host).address();
    }

    @Override
    public synchronized List<String> launchPrefix(String host) {
        return List.of("ip", "netns", "exec", host(host).namespace());
    }

    @Override
    public boolean supportsPartitions() {
        return true;
    }

    /** The filter's priority is the destination's index: one filter per destination, deleted by its priority. */
    private static String pref(Host to) {
        return Integer.toString(100 + to.index());
    }

    @Override
    public synchronized void cut(String from, String to) {
        Host f = host(from);
        Host t = host(to);
        if (f == t) {
            throw new IllegalArgumentException("cannot cut a host from itself");
        }
        if (!cut.add(new Link(from, to))) {
            return;
        }
        Shell.check(List.of(
                "tc",
                "-n",
                f.namespace(),
                "filter",
                "add",
                "dev",
                IFACE,
                "egress",
                "protocol",
                "ip",
                "pref",
                pref(t),
                "u32",
                "match",
                "ip",
                "dst",
                t.address() + "/32",
                "action",
                "mirred",
                "egress",
                "redirect",
                "dev",
                SINK));
    }

    @Override
    public synchronized void heal(String from, String to) {
        if (!cut.remove(new Link(from, to))) {
            return;
        }
        Shell.check(List.of(
                "tc", "-n", host(from).namespace(), "filter", "del", "dev", IFACE, "egress", "pref", pref(host(to))));
    }

    @Override
    public synchronized Set<Link> cutLinks() {
        return Set.copyOf(cut);
    }

    /** The processes running in a host's namespace (what {@code ip netns pids} reports). */
    public synchronized List<Long> pids(String host) {
        return pidsIn(host(host).namespace());
    }

    private static List<Long> pidsIn(String ns) {
        List<Long> pids = new ArrayList<>();
        for (String line :
                Shell.run(List.of("ip", "netns", "pids", ns)).output().split("\\s+")) {
            if (line.matches("\\d+")) {
                pids.add(Long.parseLong(line));
            }
        }
        return pids;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Shell.run(List.of("ip", "link", "del", rootVeth));
        for (Host h : hosts.values()) {
            deleteNamespace(h.namespace());
        }
        deleteNamespace(hub);
        cut.clear();
    }

    /** Kills whatever still runs inside (a namespace is only gone once its last process is), then deletes it. */
    private static void deleteNamespace(String ns) {
        for (long pid : pidsIn(ns)) {
            Shell.signal(pid, "KILL");
        }
        Shell.run(List.of("ip", "netns", "del", ns));
    }

    /** Removes the namespaces (and processes inside) of harness JVMs that no longer run. */
    public static void removeStale() {
        Shell.Result list = Shell.run(List.of("ip", "netns", "list"));
        if (!list.ok()) {
            return;
        }
        for (String line : list.output().split("\n")) {
            String ns = line.trim().split("\\s+")[0];
            if (!ns.startsWith(PREFIX)) {
                continue;
            }
            String[] parts = ns.split("-");
            if (parts.length < 3 || !parts[1].matches("\\d+")) {
                continue;
            }
            long owner = Long.parseLong(parts[1]);
            if (ProcessHandle.of(owner).isEmpty()) {
                LOG.warn("removing network namespace {} left by harness pid {} (no longer running)", ns, owner);
                deleteNamespace(ns);
            }
        }
    }

    /** What every namespace of this network is named with. */
    String namespacePrefix() {
        return PREFIX + ProcessHandle.current().pid() + "-" + id + "-";
    }

    @Override
    public String toString() {
        return "namespaces " + namespacePrefix() + "*, subnet " + subnet + "0/24";
    }
}
