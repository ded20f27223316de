package io.pegasus.server.zk;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a standalone ZooKeeper server in the foreground until killed: what {@code onebox} starts on 127.0.0.1:22181.
 */
@Command(
        name = "pegasus-zookeeper",
        mixinStandardHelpOptions = true,
        description = "Runs a standalone ZooKeeper server (onebox and tests).")
public final class ZooKeeperMain implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--port",
            defaultValue = "22181",
            description = "client port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", required = true, description = "folder for snapshots and transaction logs")
    Path dataDir;

    @Option(
            names = "--tick-ms",
            defaultValue = "" + EmbeddedZooKeeper.DEFAULT_TICK_MS,
            description = "ZooKeeper tick; sessions may last 2 to 20 ticks (default: ${DEFAULT-VALUE})")
    int tickMs;

    @Override
    public Integer call() throws Exception {
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(host, port, dataDir, tickMs);
        zk.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            zk.stop();
                            stopped.countDown();
                        },
                        "zookeeper-shutdown"));
        // the line onebox scripts wait for
        System.out.println("ZooKeeper ready on " + zk.connectString());
        System.out.flush();
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ZooKeeperMain()).execute(args));
    }
}
