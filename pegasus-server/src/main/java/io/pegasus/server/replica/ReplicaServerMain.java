package io.pegasus.server.replica;

import io.pegasus.server.agent.MetaAgentConfig;
import io.pegasus.server.config.NettyLeakDetection;
import io.pegasus.server.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one ReplicaServer in the foreground until killed. Settings come from the shared configuration file, then from
 * the flags (which win); docs/configuration.md lists every key. Exits non-zero with a clear message when it cannot
 * start (an unwritable data folder, a port in use, a bad key).
 */
@Command(name = "pegasus-replica", mixinStandardHelpOptions = true, description = "Runs a Pegasus ReplicaServer.")
public final class ReplicaServerMain implements Callable<Integer> {
    @Option(names = "--config", description = "configuration file (Java properties)")
    Path configFile;

    @Option(names = "--host", description = "IPv4 address to bind and announce (" + ReplicaServerConfig.HOST + ")")
    String host;

    @Option(names = "--port", description = "RPC port (" + ReplicaServerConfig.PORT + ")")
    Integer port;

    @Option(names = "--data-dir", description = "where replicas keep their data (" + ReplicaServerConfig.DATA_DIR + ")")
    Path dataDir;

    @Option(
            names = "--set",
            description = "any configuration key, e.g. --set replica.log_flush_policy=WRITE_EACH_BATCH")
    Map<String, String> overrides = new HashMap<>();

    Map<String, String> settings() throws java.io.IOException {
        Map<String, String> values = new HashMap<>();
        if (configFile != null) {
            values.putAll(Settings.readFile(configFile));
        }
        values.putAll(overrides);
        if (host != null) {
            values.put(ReplicaServerConfig.HOST, host);
        }
        if (port != null) {
            values.put(ReplicaServerConfig.PORT, Integer.toString(port));
        }
        if (dataDir != null) {
            values.put(ReplicaServerConfig.DATA_DIR, dataDir.toString());
        }
        return values;
    }

    @Override
    public Integer call() throws Exception {
        ReplicaServerOptions options;
        MetaAgentConfig agent;
        try {
            Map<String, String> values = settings();
            options = ReplicaServerConfig.fromMap(values);
            agent = MetaAgentConfig.fromMap(values);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("pegasus-replica: bad configuration: " + e.getMessage());
            return 2;
        }
        try {
            Files.createDirectories(options.dataDir());
            Path probe = Files.createTempFile(options.dataDir(), ".write-probe", "");
            Files.delete(probe);
        } catch (java.io.IOException e) {
            System.err.println("pegasus-replica: data folder " + options.dataDir() + " is not writable: " + e);
            return 3;
        }
        ReplicaServer server;
        try {
            server = ReplicaServer.start(options, agent);
        } catch (Exception e) {
            System.err.println("pegasus-replica: cannot start on " + options.host() + ":" + options.port() + ": " + e);
            e.printStackTrace(System.err);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        NettyLeakDetection.offUnlessConfigured();
        System.exit(new CommandLine(new ReplicaServerMain()).execute(args));
    }
}
