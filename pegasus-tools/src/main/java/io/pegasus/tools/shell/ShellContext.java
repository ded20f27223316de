package io.pegasus.tools.shell;

import io.pegasus.client.ClientOptions;
import io.pegasus.client.PegasusClient;
import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusTable;
import io.pegasus.server.meta.MetaAdminClient;
import io.pegasus.thrift.rpc_address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one shell session knows: the MetaServers, the admin and data clients (opened on first use), the table chosen
 * with {@code use}, and the output format. Commands get it at construction.
 */
final class ShellContext implements AutoCloseable {
    private final String metaList;
    private final List<rpc_address> metas;
    private final int timeoutMs;
    private final Output output;
    private MetaAdminClient admin;
    private PegasusClient client;
    private final Map<String, PegasusClient> otherClusters = new TreeMap<>();
    private String table;

    ShellContext(String metaList, int timeoutMs, Output output) {
        this.metaList = metaList;
        this.metas = parseMetas(metaList);
        this.timeoutMs = timeoutMs;
        this.output = output;
    }

    /** "ip:port,ip:port" to addresses; a clear error for anything else. */
    static List<rpc_address> parseMetas(String list) {
        List<rpc_address> out = new ArrayList<>();
        for (String s : list.split(",")) {
            String t = s.trim();
            if (!t.isEmpty()) {
                out.add(parseNode(t));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no MetaServer address given");
        }
        return out;
    }

    /** "ip:port" to an address (IPv4 only, as the wire protocol's rpc_address). */
    static rpc_address parseNode(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not an ip:port address: " + s);
        }
        try {
            return rpc_address.fromIpPort(
                    "localhost".equals(s.substring(0, colon)) ? "127.0.0.1" : s.substring(0, colon),
                    Integer.parseInt(s.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an ip:port address: " + s, e);
        }
    }

    String metaList() {
        return metaList;
    }

    List<rpc_address> metas() {
        return metas;
    }

    Output out() {
        return output;
    }

    int timeoutMs() {
        return timeoutMs;
    }

    synchronized MetaAdminClient admin() {
        if (admin == null) {
            admin = new MetaAdminClient(metas, Math.min(timeoutMs, 5000), Duration.ofMillis(timeoutMs));
        }
        return admin;
    }

    synchronized PegasusClient client() {
        if (client == null) {
            client = newClient(metaList);
        }
        return client;
    }

    /** A data client of another cluster (copy_data to a remote cluster); kept for the session. */
    synchronized PegasusClient clientOf(String otherMetaList) {
        if (otherMetaList == null || otherMetaList.equals(metaList)) {
            return client();
        }
        return otherClusters.computeIfAbsent(otherMetaList, this::newClient);
    }

    private PegasusClient newClient(String list) {
        parseMetas(list);
        return PegasusClient.create(ClientOptions.builder()
                .metaServers(list)
                .operationTimeoutMs(timeoutMs)
                .metaQueryTimeoutMs(Math.min(timeoutMs, 5000))
                .build());
    }

    /** The table chosen with {@code use}, or null. */
    synchronized String tableName() {
        return table;
    }

    synchronized void use(String name) {
        this.table = name;
    }

    /** The current table, opened; a clear error if none was chosen. */
    PegasusTable table() throws PegasusException {
        String name = tableName();
        if (name == null) {
            throw new ShellException("no table chosen: run 'use <table>' first");
        }
        return client().openTable(name);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        otherClusters.values().forEach(PegasusClient::close);
        if (admin != null) {
            admin.close();
        }
    }
}
