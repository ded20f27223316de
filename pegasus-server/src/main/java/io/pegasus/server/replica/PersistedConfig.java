package io.pegasus.server.replica;

import io.pegasus.server.replication.PartitionConfig;
import io.pegasus.server.wire.replica_config;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.apache.thrift.TException;

/**
 * The replica's last configuration on disk ({@code replica.meta}): Thrift-encoded {@code replica_config} followed by
 * its CRC32C. Written to a temporary file, fsynced, renamed over the old one and the folder fsynced, so a crash leaves
 * either the old or the new configuration, never a torn one. A replica must never act on a configuration older than
 * one it already persisted (the state machine's PersistConfig action), so this write is synchronous.
 */
final class PersistedConfig {
    private PersistedConfig() {}

    static void write(Path file, PartitionConfig config) throws IOException {
        byte[] body;
        try {
            body = WireCodec.encode(WireCodec.toWire(config));
        } catch (TException e) {
            throw new IOException("cannot encode configuration " + config, e);
        }
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] out = new byte[body.length + 4];
        System.arraycopy(body, 0, out, 0, body.length);
        int c = (int) crc.getValue();
        out[body.length] = (byte) (c >>> 24);
        out[body.length + 1] = (byte) (c >>> 16);
        out[body.length + 2] = (byte) (c >>> 8);
        out[body.length + 3] = (byte) c;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(out));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** The persisted configuration, or the empty one when there is none; throws on a corrupt file. */
    static PartitionConfig read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return PartitionConfig.empty();
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < 4) {
            throw new IOException(file + " is truncated (" + all.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        int stored = ((all[all.length - 4] & 0xFF) << 24)
                | ((all[all.length - 3] & 0xFF) << 16)
                | ((all[all.length - 2] & 0xFF) << 8)
                | (all[all.length - 1] & 0xFF);
        if ((int) crc.getValue() != stored) {
            throw new IOException(file + " fails its checksum");
        }
        try {
            return WireCodec.fromWire(
                    WireCodec.decode(java.util.Arrays.copyOf(all, all.length - 4), new replica_config()));
        } catch (TException | IllegalArgumentException e) {
            throw new IOException(file + " does not hold a configuration: " + e.getMessage(), e);
        }
    }
}
