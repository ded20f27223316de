package io.pegasus.chaos.check;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads a replica's RocksDB read-only, from a ReplicaServer's data folder after the server stopped cleanly (it flushes
 * its memtables on the way out; the RocksDB WAL is off, so a killed server's last writes are only in its mutation
 * log), and sums its contents up: every record's key and value bytes (values carry the expiry time and the timetag,
 * which all replicas derive from the decree's timestamp, so identical replicas are identical byte for byte), and the
 * last applied decree. Reserved keys ({@code FF FF ...}) other than the decree are left out.
 *
 * <p>Chosen over a debug RPC on a running server: no server code is needed for it, and a stopped cluster cannot move
 * under the comparison.
 */
public final class ReplicaContents {
    private static final byte[] LAST_APPLIED = reserved("last_applied_decree");

    /**
     * @param appliedDecree the last decree applied to this replica's storage
     * @param records user records
     * @param sha256 of every user record's key and value, in key order
     */
    public record Digest(long appliedDecree, long records, String sha256) {
        /** Same records (decree aside: see {@link ReplicaContents}). */
        public boolean sameData(Digest o) {
            return records == o.records && sha256.equals(o.sha256);
        }
    }

    private ReplicaContents() {}

    private static byte[] reserved(String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] k = new byte[n.length + 2];
        k[0] = (byte) 0xFF;
        k[1] = (byte) 0xFF;
        System.arraycopy(n, 0, k, 2, n.length);
        return k;
    }

    /** The RocksDB folder of replica {@code appId.partition} under a ReplicaServer's data folder. */
    public static Path rdb(Path dataDir, int appId, int partition) {
        return dataDir.resolve("replica")
                .resolve(appId + "." + partition + ".pegasus")
                .resolve("rdb");
    }

    /** The digest of one replica, or empty if the node has no such replica. */
    public static Optional<Digest> digest(Path dataDir, int appId, int partition) throws RocksDBException {
        Path dir = rdb(dataDir, appId, partition);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        RocksDB.loadLibrary();
        MessageDigest sha = sha256();
        long records = 0;
        long decree = -1;
        try (Options o = new Options();
                RocksDB db = RocksDB.openReadOnly(o, dir.toString());
                ReadOptions ro = new ReadOptions().setTotalOrderSeek(true);
                RocksIterator it = db.newIterator(ro)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                byte[] value = it.value();
                if (key.length >= 2 && (key[0] & 0xFF) == 0xFF && (key[1] & 0xFF) == 0xFF) {
                    if (java.util.Arrays.equals(key, LAST_APPLIED) && value.length >= 8) {
                        decree = ByteBuffer.wrap(value).getLong();
                    }
                    continue;
                }
                sha.update(ByteBuffer.allocate(4).putInt(key.length).array());
                sha.update(key);
                sha.update(ByteBuffer.allocate(4).putInt(value.length).array());
                sha.update(value);
                records++;
            }
            it.status();
        }
        return Optional.of(new Digest(decree, records, HexFormat.of().formatHex(sha.digest())));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
