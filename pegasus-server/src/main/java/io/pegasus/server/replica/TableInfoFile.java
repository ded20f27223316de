package io.pegasus.server.replica;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code table.info} in a replica's folder: the table's name, partition count and envs as Java properties, so a
 * restarted node can reopen its replicas before the MetaServer has told it anything.
 */
final class TableInfoFile {
    private static final String NAME = "table.info";
    private static final String ENV_PREFIX = "env.";

    private TableInfoFile() {}

    static void write(Path replicaRoot, TableInfo t) throws IOException {
        Properties p = new Properties();
        p.setProperty("app_name", t.appName());
        p.setProperty("partition_count", Integer.toString(t.partitionCount()));
        t.envs().forEach((k, v) -> p.setProperty(ENV_PREFIX + k, v));
        Path tmp = replicaRoot.resolve(NAME + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "Pegasus replica table info");
        }
        Files.move(tmp, replicaRoot.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The table info in {@code replicaRoot}, or null when the file is missing. */
    static TableInfo read(Path replicaRoot) throws IOException {
        Path f = replicaRoot.resolve(NAME);
        if (!Files.exists(f)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> envs = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(ENV_PREFIX)) {
                envs.put(k.substring(ENV_PREFIX.length()), p.getProperty(k));
            }
        }
        try {
            return new TableInfo(
                    p.getProperty("app_name", ""), Integer.parseInt(p.getProperty("partition_count")), envs);
        } catch (RuntimeException e) {
            throw new IOException(f + " is malformed: " + e.getMessage(), e);
        }
    }
}
