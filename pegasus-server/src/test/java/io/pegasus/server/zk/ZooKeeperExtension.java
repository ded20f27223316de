package io.pegasus.server.zk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real ZooKeeper server per test: a free port on 127.0.0.1 and a temp folder, started before each test and
 * stopped (folder deleted) after it. {@link #server()} gives stop / start / restart controls.
 *
 * <pre>
 *   &#64;RegisterExtension final ZooKeeperExtension zk = new ZooKeeperExtension();
 * </pre>
 */
public final class ZooKeeperExtension implements BeforeEachCallback, AfterEachCallback {
    private Path dir;
    private EmbeddedZooKeeper server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("pegasus-zk-");
        server = EmbeddedZooKeeper.startOnFreePort(dir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    public EmbeddedZooKeeper server() {
        return server;
    }

    public String connectString() {
        return server.connectString();
    }
}
