package io.pegasus.chaos.net;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Hosts as distinct addresses on 127.0.0.0/8 ({@code 127.A.B.x}, with A.B random per network), so a cluster needs
 * no free-port search and can run beside a onebox (127.0.0.1) or another cluster. Linux routes the whole of
 * 127.0.0.0/8 to the loopback device, so nothing needs setting up. Links cannot be cut.
 */
public final class LoopbackNetwork implements Network {
    private final String prefix;
    private final Map<String, String> hosts = new LinkedHashMap<>();

    public LoopbackNetwork(Random random) {
        this.prefix = "127." + (100 + random.nextInt(100)) + "." + (1 + random.nextInt(250)) + ".";
    }

    @Override
    public synchronized String addHost(String name) {
        if (hosts.containsKey(name)) {
            throw new IllegalArgumentException("host " + name + " exists");
        }
        String address = prefix + (10 + hosts.size());
        hosts.put(name, address);
        return address;
    }

    @Override
    public synchronized String address(String host) {
        String a = hosts.get(host);
        if (a == null) {
            throw new IllegalArgumentException("no host " + host);
        }
        return a;
    }

    @Override
    public List<String> launchPrefix(String host) {
        return List.of();
    }

    @Override
    public boolean supportsPartitions() {
        return false;
    }

    @Override
    public void cut(String from, String to) {
        throw new UnsupportedOperationException("links cannot be cut on loopback; use network namespaces");
    }

    @Override
    public void heal(String from, String to) {}

    @Override
    public Set<Link> cutLinks() {
        return Set.of();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "loopback " + prefix + "x";
    }
}
