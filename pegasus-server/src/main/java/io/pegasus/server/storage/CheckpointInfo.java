package io.pegasus.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A checkpoint of one partition and its metadata file {@value #META_FILE}, stored beside the RocksDB files. The format
 * (docs/storage.md, "Checkpoints") is line-based {@code key=value} text in US-ASCII, so any tool can read it:
 *
 * <pre>
 * # Pegasus partition checkpoint
 * format=1
 * app_id=2
 * partition_index=3
 * partition_count=8
 * decree=1234
 * timestamp_micros=1700000000000000
 * data_version=1
 * file_count=2
 * file.0=000009.sst 4121 1c291ca3
 * file.1=CURRENT 16 00f2a0c4
 * meta_crc32c=5d2e1f0a
 * </pre>
 *
 * Each {@code file.i} line is the file name, its size in bytes and its CRC32C (8 hex digits); {@code meta_crc32c} is the
 * CRC32C of every byte before that line.
 *
 * @param id the partition the data belongs to
 * @param decree the last applied decree the checkpoint contains: exactly the decrees up to it, no more
 * @param timestampMicros the timestamp of that decree (for the TTL sweeper of a store opened from it)
 * @param dataVersion value data version of the records (spec 5.7)
 * @param files every file of the checkpoint except the metadata file itself
 */
public record CheckpointInfo(
        PartitionId id, long decree, long timestampMicros, int dataVersion, List<FileEntry> files) {
    public static final String META_FILE = "pegasus_checkpoint.meta";
    static final int FORMAT = 1;

    /** One file of a checkpoint. */
    public record FileEntry(String name, long size, int crc32c) {}

    public CheckpointInfo {
        files = List.copyOf(files);
    }

    /** Lists the files of {@code dir} with sizes and checksums and writes the metadata file there. */
    static CheckpointInfo describe(Path dir, PartitionId id, long decree, long timestampMicros, int dataVersion)
            throws IOException {
        List<FileEntry> files = new ArrayList<>();
        try (var stream = Files.list(dir)) {
            for (Path p : stream.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && !name.equals(META_FILE)) {
                    files.add(new FileEntry(name, Files.size(p), crc32c(p)));
                }
            }
        }
        CheckpointInfo info = new CheckpointInfo(id, decree, timestampMicros, dataVersion, files);
        info.write(dir);
        return info;
    }

    void write(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("# Pegasus partition checkpoint\n");
        sb.append("format=").append(FORMAT).append('\n');
        sb.append("app_id=").append(id.appId()).append('\n');
        sb.append("partition_index=").append(id.partitionIndex()).append('\n');
        sb.append("partition_count=").append(id.partitionCount()).append('\n');
        sb.append("decree=").append(decree).append('\n');
        sb.append("timestamp_micros=").append(timestampMicros).append('\n');
        sb.append("data_version=").append(dataVersion).append('\n');
        sb.append("file_count=").append(files.size()).append('\n');
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            sb.append("file.")
                    .append(i)
                    .append('=')
                    .append(f.name())
                    .append(' ')
                    .append(f.size())
                    .append(' ');
            sb.append(hex(f.crc32c())).append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.US_ASCII);
        String trailer = "meta_crc32c=" + hex(crc32c(body)) + "\n";
        Path tmp = dir.resolve(META_FILE + ".tmp");
        Files.write(tmp, concat(body, trailer.getBytes(StandardCharsets.US_ASCII)));
        Files.move(tmp, dir.resolve(META_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the metadata file of a checkpoint folder; throws if it is missing, malformed or its checksum is wrong. */
    public static CheckpointInfo read(Path dir) throws IOException {
        byte[] all = Files.readAllBytes(dir.resolve(META_FILE));
        String text = new String(all, StandardCharsets.US_ASCII);
        int trailer = text.lastIndexOf("meta_crc32c=");
        if (trailer < 0 || !text.substring(trailer).matches("meta_crc32c=[0-9a-f]{8}\n")) {
            throw new IOException("checkpoint metadata in " + dir + " has no valid checksum line at its end");
        }
        int expected = (int) Long.parseLong(text.substring(trailer + 12, trailer + 20), 16);
        if (crc32c(java.util.Arrays.copyOf(all, trailer)) != expected) {
            throw new IOException("checkpoint metadata in " + dir + " is corrupt (checksum mismatch)");
        }
        Map<String, String> kv = new HashMap<>();
        for (String line : text.substring(0, trailer).split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            if (Integer.parseInt(kv.get("format")) != FORMAT) {
                throw new IOException("unknown checkpoint format " + kv.get("format"));
            }
            int n = Integer.parseInt(kv.get("file_count"));
            List<FileEntry> files = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String[] parts = kv.get("file." + i).split(" ");
                files.add(new FileEntry(parts[0], Long.parseLong(parts[1]), (int) Long.parseLong(parts[2], 16)));
            }
            PartitionId id = new PartitionId(
                    Integer.parseInt(kv.get("app_id")),
                    Integer.parseInt(kv.get("partition_index")),
                    Integer.parseInt(kv.get("partition_count")));
            return new CheckpointInfo(
                    id,
                    Long.parseLong(kv.get("decree")),
                    Long.parseLong(kv.get("timestamp_micros")),
                    Integer.parseInt(kv.get("data_version")),
                    files);
        } catch (RuntimeException e) {
            throw new IOException("malformed checkpoint metadata in " + dir, e);
        }
    }

    /** Checks that every listed file is present with its size and checksum; throws naming the first that is not. */
    public void verify(Path dir) throws IOException {
        for (FileEntry f : files) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
                throw new IOException("checkpoint file " + p + " is missing or has the wrong size");
            }
            if (crc32c(p) != f.crc32c()) {
                throw new IOException("checkpoint file " + p + " has the wrong checksum");
            }
        }
    }

    static int crc32c(Path p) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return (int) crc.getValue();
    }

    private static int crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return (int) crc.getValue();
    }

    private static String hex(int v) {
        return String.format(Locale.ROOT, "%08x", v);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
