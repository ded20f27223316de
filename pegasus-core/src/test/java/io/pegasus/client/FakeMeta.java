package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import io.pegasus.rpc.RpcNames;
import io.pegasus.rpc.server.RpcServer;
import io.pegasus.rpc.server.RpcServerOptions;
import io.pegasus.thrift.app_info;
import io.pegasus.thrift.configuration_create_app_request;
import io.pegasus.thrift.configuration_create_app_response;
import io.pegasus.thrift.configuration_drop_app_request;
import io.pegasus.thrift.configuration_drop_app_response;
import io.pegasus.thrift.configuration_list_apps_request;
import io.pegasus.thrift.configuration_list_apps_response;
import io.pegasus.thrift.error_code;
import io.pegasus.thrift.partition_configuration;
import io.pegasus.thrift.query_cfg_request;
import io.pegasus.thrift.query_cfg_response;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the MetaServer <em>protocol</em> (spec 3.1-3.4) on a real loopback socket: it answers query-config
 * from routing the test sets, forwards to a leader when told it is a follower, answers not-active a set number of
 * times, and records create/drop/list. It is not a MetaServer: no replica management, no persistence.
 */
final class FakeMeta implements AutoCloseable {
    /** A table's routing as the test wants the client to see it; primaries may be changed while clients run. */
    static final class Table {
        final String name;
        final int appId;
        final int replicaCount;
        final InetSocketAddress[] primaries;
        final long[] ballots;
        volatile int secondaries;
        /** query-config answers left before a created table gets its primaries (then {@code assignTo}). */
        final AtomicInteger unassignedAnswers = new AtomicInteger();

        volatile InetSocketAddress assignTo;
        final Map<String, String> envs;

        Table(String name, int appId, int replicaCount, InetSocketAddress[] primaries, Map<String, String> envs) {
            this.name = name;
            this.appId = appId;
            this.replicaCount = replicaCount;
            this.primaries = primaries;
            this.ballots = new long[primaries.length];
            this.secondaries = replicaCount - 1;
            this.envs = envs;
            java.util.Arrays.fill(ballots, 1);
        }

        synchronized void setPrimary(int partition, InetSocketAddress primary) {
            primaries[partition] = primary;
            ballots[partition]++;
        }

        synchronized void setAllPrimaries(InetSocketAddress primary) {
            for (int i = 0; i < primaries.length; i++) {
                setPrimary(i, primary);
            }
        }

        synchronized query_cfg_response answer() {
            if (unassignedAnswers.get() > 0 && unassignedAnswers.decrementAndGet() >= 0) {
                return RoutingFixtures.config(appId, 1, replicaCount, 0, new InetSocketAddress[primaries.length]);
            }
            if (assignTo != null) {
                InetSocketAddress a = assignTo;
                assignTo = null;
                setAllPrimaries(a);
            }
            query_cfg_response r = RoutingFixtures.config(appId, 1, replicaCount, secondaries, primaries.clone());
            for (int i = 0; i < primaries.length; i++) {
                r.getPartitions().get(i).setBallot(ballots[i]);
            }
            return r;
        }
    }

    private final RpcServer server;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final List<String> dropped = new ArrayList<>();
    private final AtomicInteger nextAppId = new AtomicInteger(1);
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger adminCalls = new AtomicInteger();
    /** When set, this server is a follower that forwards to this leader (null leader: forward without a hint). */
    volatile boolean follower;

    volatile InetSocketAddress leader;
    /** Never answers query-config (a hung MetaServer). */
    volatile boolean silent;

    /** Answers ERR_SERVICE_NOT_ACTIVE while positive. */
    final AtomicInteger notActive = new AtomicInteger();
    /** Where a created table's partitions go once assigned. */
    volatile InetSocketAddress createdTablesGoTo;
    /** query-config answers a created table stays unassigned for. */
    volatile int createdUnassignedAnswers;

    FakeMeta() throws InterruptedException {
        server = new RpcServer(RpcServerOptions.defaults("127.0.0.1", 0).withIoThreads(1))
                .register(RpcNames.QUERY_CONFIG, call -> {
                    query_cfg_request req = call.readArgs(new query_cfg_request());
                    queries.incrementAndGet();
                    if (silent) {
                        return;
                    }
                    call.reply(queryConfig(req.getApp_name()));
                })
                .register(RpcNames.LIST_APPS, call -> {
                    configuration_list_apps_request req = call.readArgs(new configuration_list_apps_request());
                    adminCalls.incrementAndGet();
                    call.reply(listApps(req.getStatus()));
                })
                .register(RpcNames.CREATE_APP, call -> {
                    configuration_create_app_request req = call.readArgs(new configuration_create_app_request());
                    adminCalls.incrementAndGet();
                    call.reply(createApp(req));
                })
                .register(RpcNames.DROP_APP, call -> {
                    configuration_drop_app_request req = call.readArgs(new configuration_drop_app_request());
                    adminCalls.incrementAndGet();
                    configuration_drop_app_response r = new configuration_drop_app_response();
                    r.setErr(new error_code(adminErr() != null ? adminErr() : drop(req.getApp_name())));
                    call.reply(r);
                })
                .start();
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    String addressString() {
        return "127.0.0.1:" + address().getPort();
    }

    Table addTable(String name, InetSocketAddress... primaries) {
        Table t = new Table(name, nextAppId.getAndIncrement(), 3, primaries.clone(), new HashMap<>());
        tables.put(name, t);
        return t;
    }

    Table table(String name) {
        return tables.get(name);
    }

    synchronized List<String> dropped() {
        return List.copyOf(dropped);
    }

    /** The answer a non-serving meta gives instead of the real one, or null when it serves. */
    private ErrorCode adminErr() {
        if (follower) {
            return ErrorCode.ERR_FORWARD_TO_OTHERS;
        }
        if (notActive.get() > 0 && notActive.decrementAndGet() >= 0) {
            return ErrorCode.ERR_SERVICE_NOT_ACTIVE;
        }
        return null;
    }

    private query_cfg_response queryConfig(String name) {
        if (follower) {
            query_cfg_response r = RoutingFixtures.error(ErrorCode.ERR_FORWARD_TO_OTHERS);
            if (leader != null) {
                partition_configuration pc = new partition_configuration();
                pc.setPrimary(RoutingFixtures.address(leader));
                pc.setSecondaries(new ArrayList<>());
                pc.setLast_drops(new ArrayList<>());
                r.getPartitions().add(pc);
            }
            return r;
        }
        ErrorCode err = adminErr();
        if (err != null) {
            return RoutingFixtures.error(err);
        }
        Table t = tables.get(name);
        return t == null ? RoutingFixtures.error(ErrorCode.ERR_OBJECT_NOT_FOUND) : t.answer();
    }

    private configuration_list_apps_response listApps(int status) {
        configuration_list_apps_response r = new configuration_list_apps_response();
        ErrorCode err = adminErr();
        r.setErr(new error_code(err == null ? ErrorCode.ERR_OK : err));
        List<app_info> infos = new ArrayList<>();
        if (err == null) {
            for (Table t : tables.values()) {
                app_info a = new app_info();
                a.setStatus(1);
                a.setApp_type("pegasus");
                a.setApp_name(t.name);
                a.setApp_id(t.appId);
                a.setPartition_count(t.primaries.length);
                a.setEnvs(t.envs);
                a.setIs_stateful(true);
                a.setMax_replica_count(t.replicaCount);
                a.setCreate_second(1_700_000_000L);
                infos.add(a);
            }
            if (status == 0) {
                synchronized (this) {
                    for (String d : dropped) {
                        app_info a = new app_info();
                        a.setStatus(6);
                        a.setApp_type("pegasus");
                        a.setApp_name(d);
                        a.setEnvs(new HashMap<>());
                        a.setDrop_second(1_700_000_100L);
                        infos.add(a);
                    }
                }
            }
        }
        r.setInfos(infos);
        return r;
    }

    private configuration_create_app_response createApp(configuration_create_app_request req) {
        configuration_create_app_response r = new configuration_create_app_response();
        ErrorCode err = adminErr();
        if (err != null) {
            r.setErr(new error_code(err));
            return r;
        }
        var o = req.getOptions();
        if (o.getPartition_count() <= 0 || !"pegasus".equals(o.getApp_type()) || !o.isSuccess_if_exist()) {
            r.setErr(new error_code(ErrorCode.ERR_INVALID_PARAMETERS));
            return r;
        }
        Table t = tables.computeIfAbsent(req.getApp_name(), n -> {
            Table created = new Table(
                    n,
                    nextAppId.getAndIncrement(),
                    o.getReplica_count(),
                    new InetSocketAddress[o.getPartition_count()],
                    o.getEnvs() == null ? new HashMap<>() : o.getEnvs());
            created.unassignedAnswers.set(createdUnassignedAnswers);
            created.assignTo = createdTablesGoTo;
            return created;
        });
        r.setErr(new error_code(ErrorCode.ERR_OK));
        r.setAppid(t.appId);
        return r;
    }

    private synchronized ErrorCode drop(String name) {
        if (tables.remove(name) != null) {
            dropped.add(name);
        }
        return ErrorCode.ERR_OK;
    }

    @Override
    public void close() {
        server.close();
    }
}
