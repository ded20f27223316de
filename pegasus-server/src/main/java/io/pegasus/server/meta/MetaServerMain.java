package io.pegasus.server.meta;

import io.pegasus.server.config.NettyLeakDetection;
import io.pegasus.server.config.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one MetaServer in the foreground until killed. Settings come from the shared configuration file, then from
 * the flags (which win); docs/configuration.md lists every key.
 */
@Command(name = "pegasus-meta", mixinStandardHelpOptions = true, description = "Runs a Pegasus MetaServer.")
public final class MetaServerMain implements Callable<Integer> {
    @Option(names = "--config", description = "configuration file (Java properties)")
    Path configFile;

    @Option(names = "--host", description = "IPv4 address to bind and announce (" + MetaServerConfig.HOST + ")")
    String host;

    @Option(names = "--port", description = "RPC port (" + MetaServerConfig.PORT + ")")
    Integer port;

    @Option(names = "--zk", description = "ZooKeeper connect string (" + MetaServerConfig.ZK_SERVERS + ")")
    String zk;

    @Option(names = "--zk-root", description = "the cluster's ZooKeeper folder (" + MetaServerConfig.ZK_ROOT + ")")
    String zkRoot;

    @Option(names = "--set", description = "any configuration key, e.g. --set fd.grace_ms=4000")
    Map<String, String> overrides = new HashMap<>();

    /** The effective key/value pairs: the file, then the flags. */
    Map<String, String> settings() throws java.io.IOException {
        Map<String, String> values = new HashMap<>();
        if (configFile != null) {
            values.putAll(Settings.readFile(configFile));
        }
        values.putAll(overrides);
        if (host != null) {
            values.put(MetaServerConfig.HOST, host);
        }
        if (port != null) {
            values.put(MetaServerConfig.PORT, Integer.toString(port));
        }
        if (zk != null) {
            values.put(MetaServerConfig.ZK_SERVERS, zk);
        }
        if (zkRoot != null) {
            values.put(MetaServerConfig.ZK_ROOT, zkRoot);
        }
        return values;
    }

    @Override
    public Integer call() throws Exception {
        MetaServerConfig config;
        try {
            config = MetaServerConfig.fromMap(settings());
        } catch (IllegalArgumentException e) {
            System.err.println("pegasus-meta: " + e.getMessage());
            return 2;
        }
        MetaServer server = new MetaServer(config);
        try {
            server.start();
        } catch (Exception e) {
            System.err.println("pegasus-meta: cannot start on " + config.host() + ":" + config.port() + ": " + e);
            server.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "meta-shutdown"));
        // the line onebox scripts wait for
        System.out.println("MetaServer ready on " + server.address());
        System.out.flush();
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        NettyLeakDetection.offUnlessConfigured();
        System.exit(new CommandLine(new MetaServerMain()).execute(args));
    }
}
