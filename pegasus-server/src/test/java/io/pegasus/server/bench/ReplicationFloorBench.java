package io.pegasus.server.bench;

import io.pegasus.metrics.LatencyHistogram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The floor under issue 5's goal: how fast <em>any</em> three-replica write path could go on this machine, measured
 * with the least work such a path must do, beside the yardstick in the same run.
 *
 * <p>Three nodes in this JVM, each with a thread of its own (as each ReplicaServer has one network thread), a RocksDB
 * (WAL off, 32 MiB memtables, LZ4, as a partition) and a log file fdatasynced every 10 ms in the background (the
 * servers' default policy). A client thread keeps N puts of 1 KB values outstanding over loopback TCP to the primary.
 * The primary takes every complete request its read returned as one batch, writes it to its log with one write, sends
 * it to both secondaries with one write each, and once both have acknowledged it writes it to RocksDB as one
 * WriteBatch and replies. A secondary logs each batch, acknowledges it, then writes it to RocksDB.
 *
 * <p>What it leaves out, so that the figure is an upper bound: no RPC framing, Thrift, checksums, ballots, timers,
 * leases, configuration, metrics, or error handling; unless {@code -Dbench.maxInFlight} says otherwise, a decree
 * carries every request of a read, whatever its partition (PacificA's decrees are per partition); fixed-size records; spinning instead of waiting when a socket's buffer is
 * full (it never is at these loads). What it keeps: three copies of each record in a log and in RocksDB, each record
 * through loopback TCP three times (client to primary, primary to each secondary), a reply per put, and the wake-ups
 * between four threads on this machine's cores.
 *
 * <p>{@code bin/bench-main pegasus-server io.pegasus.server.bench.ReplicationFloorBench [seconds]};
 * {@code -Dbench.outstandings=1,16,64} (in {@code BENCH_JAVA_OPTS}) picks the rows, {@code -Dbench.partitions=8} the
 * RocksDB instances per node (1 unless given), {@code -Dbench.maxInFlight=2} decrees per partition.
 */
public final class ReplicationFloorBench {
    private static final int KEY_BYTES = 16;
    private static final int VALUE_BYTES = 1024;
    /** A request on the wire and in the log: id, key, value. */
    private static final int RECORD = 8 + KEY_BYTES + VALUE_BYTES;
    /**
     * {@code -Dbench.partitions=8}: each node keeps that many RocksDB instances and writes each decree as one WriteBatch
     * per partition it touches (messages and log writes stay one per round). 1 unless given.
     */
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 1);
    /**
     * {@code -Dbench.maxInFlight=2}: decrees per partition, as in PacificA, at most that many in flight per partition
     * with our path's pipeline rule ({@link Primary}). 0 (the default): one decree per read, across partitions.
     */
    private static final int MAX_IN_FLIGHT = Integer.getInteger("bench.maxInFlight", 0);

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int[] outstandings = Arrays.stream(
                        System.getProperty("bench.outstandings", "1,16,64").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        byte[] value = new byte[VALUE_BYTES];
        new Random(1).nextBytes(value);
        RocksDB.loadLibrary();
        System.out.printf(
                "replication floor: 1 KB values, %d s per row, 3 nodes and a client in one JVM, %d partition(s), %s%n",
                seconds,
                PARTITIONS,
                MAX_IN_FLIGHT == 0
                        ? "one decree per read across partitions"
                        : "decrees per partition, at most " + MAX_IN_FLIGHT + " in flight each");
        System.out.printf(
                "%-26s %6s %10s %9s %9s %9s %8s %10s %6s%n",
                "system / operation", "conc", "ops/s", "p50 us", "p99 us", "p999 us", "cpu us", "per decree", "steal");
        double yardstick = ReplicationBenchmark.yardstick(seconds, value);
        Path root = Files.createTempDirectory("replication-floor");
        double best = 0;
        try (Cluster cluster = new Cluster(root, PARTITIONS, MAX_IN_FLIGHT)) {
            Client client = new Client(cluster.clientChannel, value);
            client.run(64, 5); // warm-up for the JIT, not counted
            for (int n : outstandings) {
                long decrees0 = cluster.primary.decrees;
                long cpu0 = ProcessCpu.clientNanos();
                ProcessCpu.StealSample steal0 = ProcessCpu.StealSample.now();
                Row r = client.run(n, seconds);
                double cpuUs = (ProcessCpu.clientNanos() - cpu0) / 1e3 / r.puts;
                double perDecree = (double) r.puts / (cluster.primary.decrees - decrees0);
                System.out.printf(
                        "%-26s %6d %10.0f %9.0f %9.0f %9.0f %8.0f %10.1f %5.0f%%%n",
                        "floor put (3 replicas)",
                        n,
                        r.opsPerSecond,
                        r.latency.percentile(50) / 1e3,
                        r.latency.percentile(99) / 1e3,
                        r.latency.percentile(99.9) / 1e3,
                        cpuUs,
                        perDecree,
                        ProcessCpu.StealSample.percent(steal0, ProcessCpu.StealSample.now()));
                best = Math.max(best, r.opsPerSecond);
            }
        } finally {
            try (var s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf(
                "%nbest floor put / best rocksdbjni put = %.0f / %.0f = %.1f%% (issue 5's goal for the real path: >= 25%%)%n",
                best, yardstick, 100 * best / yardstick);
    }

    record Row(double opsPerSecond, long puts, LatencyHistogram latency) {}

    /** A node's storage: RocksDB without WAL, and a log file written by the node's thread and synced in background. */
    static final class Store implements AutoCloseable {
        private final Options options = new Options()
                .setCreateIfMissing(true)
                .setWriteBufferSize(32L << 20)
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
        private final WriteOptions noWal = new WriteOptions().setDisableWAL(true);
        /** One RocksDB per partition, as a ReplicaServer keeps one per replica. */
        private final RocksDB[] dbs;

        private final FileChannel log;
        private final Thread syncer;
        private volatile boolean closed;
        /** Records written to RocksDB so far (read by the test, which waits for the secondaries' last applies). */
        volatile long appliedRecords;

        Store(Path dir, int partitions) throws IOException, RocksDBException {
            Files.createDirectories(dir);
            dbs = new RocksDB[partitions];
            for (int p = 0; p < partitions; p++) {
                dbs[p] = RocksDB.open(options, dir.resolve("db" + p).toString());
            }
            log = FileChannel.open(dir.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            syncer = new Thread(
                    () -> {
                        while (!closed) {
                            try {
                                Thread.sleep(10);
                                log.force(false);
                            } catch (InterruptedException | IOException e) {
                                return;
                            }
                        }
                    },
                    "floor-fsync");
            syncer.start();
        }

        void append(ByteBuffer... buffers) throws IOException {
            writeFully(log, buffers);
        }

        /** Writes {@code records} (whole records from position to limit): one WriteBatch per partition they touch. */
        void apply(ByteBuffer records) throws RocksDBException {
            byte[] key = new byte[KEY_BYTES];
            byte[] value = new byte[VALUE_BYTES];
            WriteBatch[] batches = new WriteBatch[dbs.length];
            try {
                for (int at = records.position(); at < records.limit(); at += RECORD) {
                    records.get(at + 8, key).get(at + 8 + KEY_BYTES, value);
                    int p = partitionOf(key, dbs.length);
                    if (batches[p] == null) {
                        batches[p] = new WriteBatch();
                    }
                    batches[p].put(key, value);
                }
                for (int p = 0; p < dbs.length; p++) {
                    if (batches[p] != null) {
                        dbs[p].write(noWal, batches[p]);
                    }
                }
                appliedRecords += (records.limit() - records.position()) / RECORD;
            } finally {
                for (WriteBatch b : batches) {
                    if (b != null) {
                        b.close();
                    }
                }
            }
        }

        long logBytes() throws IOException {
            return log.size();
        }

        /** A digest of every key and value in the node's RocksDB instances, and how many keys it holds. */
        long[] contents() throws Exception {
            CRC32C crc = new CRC32C();
            long keys = 0;
            for (RocksDB db : dbs) {
                try (RocksIterator it = db.newIterator()) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        crc.update(it.key());
                        crc.update(it.value());
                        keys++;
                    }
                }
            }
            return new long[] {crc.getValue(), keys};
        }

        @Override
        public void close() throws Exception {
            closed = true;
            syncer.join();
            log.close();
            for (RocksDB db : dbs) {
                db.close();
            }
            noWal.close();
            options.close();
        }
    }

    /** A decree on the wire and in the log: its id, its record count, then the records. */
    private static final int DECREE_HEADER = 8 + 4;

    /** A secondary: logs each decree, acknowledges the last one it logged, then applies them. */
    static final class Secondary implements Runnable {
        private final Store store;
        private final SocketChannel fromPrimary;

        Secondary(Store store, SocketChannel fromPrimary) {
            this.store = store;
            this.fromPrimary = fromPrimary;
        }

        @Override
        public void run() {
            ByteBuffer in = ByteBuffer.allocateDirect(8 << 20);
            ByteBuffer ack = ByteBuffer.allocateDirect(8);
            List<ByteBuffer> logged = new ArrayList<>();
            long lastId = -1;
            try {
                while (fromPrimary.read(in) >= 0) {
                    in.flip();
                    int start = in.position();
                    while (in.remaining() >= DECREE_HEADER) {
                        int count = in.getInt(in.position() + 8);
                        if (in.remaining() < DECREE_HEADER + count * RECORD) {
                            break;
                        }
                        lastId = in.getLong(in.position());
                        logged.add(in.slice(in.position() + DECREE_HEADER, count * RECORD));
                        in.position(in.position() + DECREE_HEADER + count * RECORD);
                    }
                    if (!logged.isEmpty()) {
                        store.append(in.slice(start, in.position() - start)); // one log write per read
                        ack.clear().putLong(lastId).flip();
                        writeFully(fromPrimary, ack);
                        for (ByteBuffer r : logged) {
                            store.apply(r);
                        }
                        logged.clear();
                    }
                    in.compact();
                }
            } catch (IOException | RocksDBException e) {
                if (fromPrimary.isOpen()) {
                    e.printStackTrace();
                }
            }
        }
    }

    /** A decree sent to the secondaries and not yet acknowledged by both. */
    record Decree(long id, int partition, ByteBuffer records) {}

    /**
     * The primary: one thread, one selector over the client and both secondaries. With {@code maxInFlight} 0, each
     * read's requests form one decree, whatever their partitions (the floor). Otherwise decrees are per partition, as
     * in PacificA, with our path's pipeline rule: a partition sends its waiting writes as one decree when none of its
     * decrees is in flight, or when fewer than {@code maxInFlight} are and at most one write waits. Either way a
     * round's new decrees go to the log in one write and to each secondary in one write.
     */
    static final class Primary implements Runnable {
        private final Store store;
        private final SocketChannel client;
        private final SocketChannel[] secondaries;
        private final int maxInFlight;
        private final long[] acked = {-1, -1};
        /** Decrees sent and not yet acknowledged by both secondaries, oldest first. */
        private final ArrayDeque<Decree> inflight = new ArrayDeque<>();

        private final int[] inflightPerPartition;
        private final ByteBuffer[] waiting;
        private final Selector selector;
        private final List<ByteBuffer> round = new ArrayList<>();
        private long nextId;
        /** Decrees made so far (the benchmark prints writes per decree). */
        volatile long decrees;

        Primary(Store store, SocketChannel client, SocketChannel s1, SocketChannel s2, int partitions, int maxInFlight)
                throws IOException {
            this.selector = Selector.open();
            this.store = store;
            this.client = client;
            this.secondaries = new SocketChannel[] {s1, s2};
            this.maxInFlight = maxInFlight;
            this.inflightPerPartition = new int[partitions];
            this.waiting = new ByteBuffer[partitions];
            for (int p = 0; p < partitions; p++) {
                waiting[p] = ByteBuffer.allocate(RECORD * 1024);
            }
        }

        @Override
        public void run() {
            ByteBuffer in = ByteBuffer.allocateDirect(8 << 20);
            ByteBuffer ackIn = ByteBuffer.allocateDirect(1 << 16);
            ByteBuffer replies = ByteBuffer.allocateDirect(1 << 20);
            byte[] key = new byte[KEY_BYTES];
            try (selector) {
                client.configureBlocking(false).register(selector, SelectionKey.OP_READ, -1);
                for (int i = 0; i < 2; i++) {
                    secondaries[i].configureBlocking(false).register(selector, SelectionKey.OP_READ, i);
                }
                while (client.isOpen()) {
                    selector.select();
                    for (SelectionKey k : selector.selectedKeys()) {
                        int who = (Integer) k.attachment();
                        if (who < 0) {
                            if (client.read(in) < 0) {
                                return;
                            }
                            in.flip();
                            int count = in.remaining() / RECORD;
                            if (count > 0 && maxInFlight == 0) {
                                send(-1, in.slice(in.position(), count * RECORD));
                            } else {
                                for (int i = 0; i < count; i++) {
                                    in.get(in.position() + i * RECORD + 8, key);
                                    ByteBuffer q = waiting[partitionOf(key, waiting.length)];
                                    q.put(in.slice(in.position() + i * RECORD, RECORD));
                                }
                            }
                            in.position(in.position() + count * RECORD);
                            in.compact();
                        } else {
                            ackIn.clear();
                            if (secondaries[who].read(ackIn) < 0) {
                                return;
                            }
                            ackIn.flip();
                            while (ackIn.remaining() >= 8) {
                                acked[who] = ackIn.getLong();
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                    long committed = Math.min(acked[0], acked[1]);
                    replies.clear();
                    while (!inflight.isEmpty() && inflight.peek().id() <= committed) {
                        Decree d = inflight.poll();
                        store.apply(d.records().duplicate());
                        for (int at = 0; at < d.records().limit(); at += RECORD) {
                            replies.putLong(d.records().getLong(at));
                        }
                        if (d.partition() >= 0) {
                            inflightPerPartition[d.partition()]--;
                        }
                    }
                    for (int p = 0; maxInFlight > 0 && p < waiting.length; p++) {
                        int queued = waiting[p].position() / RECORD;
                        int busy = inflightPerPartition[p];
                        if (queued > 0 && (busy == 0 || (busy < maxInFlight && queued <= 1))) {
                            waiting[p].flip();
                            send(p, waiting[p]);
                            waiting[p].clear();
                            inflightPerPartition[p]++;
                        }
                    }
                    if (!round.isEmpty()) {
                        ByteBuffer[] frames = round.toArray(ByteBuffer[]::new);
                        store.append(frames);
                        for (SocketChannel s : secondaries) {
                            ByteBuffer[] copy = new ByteBuffer[frames.length];
                            for (int i = 0; i < frames.length; i++) {
                                copy[i] = frames[i].duplicate().rewind();
                            }
                            writeFully(s, copy);
                        }
                        round.clear();
                    }
                    if (replies.position() > 0) {
                        replies.flip();
                        writeFully(client, replies);
                    }
                }
            } catch (IOException | RocksDBException e) {
                if (client.isOpen()) {
                    e.printStackTrace();
                }
            }
        }

        /** Makes {@code records} (position to limit) the next decree, to be logged and sent at the end of the round. */
        private void send(int partition, ByteBuffer records) {
            int bytes = records.remaining();
            ByteBuffer frame = ByteBuffer.allocateDirect(DECREE_HEADER + bytes);
            long id = nextId++;
            frame.putLong(id).putInt(bytes / RECORD).put(records).flip();
            round.add(frame);
            inflight.add(new Decree(id, partition, frame.slice(DECREE_HEADER, bytes)));
            decrees++;
        }
    }

    /** The three nodes, connected: the secondaries listen, the primary connects to them and accepts the client. */
    static final class Cluster implements AutoCloseable {
        final Store[] stores = new Store[3];
        final List<SocketChannel> sockets = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final Primary primary;
        final SocketChannel clientChannel;

        Cluster(Path root, int partitions, int maxInFlight) throws Exception {
            for (int i = 0; i < 3; i++) {
                stores[i] = new Store(root.resolve("node" + i), partitions);
            }
            SocketChannel[] toSecondary = new SocketChannel[2];
            for (int i = 0; i < 2; i++) {
                SocketChannel[] pair = connectedPair();
                toSecondary[i] = pair[0];
                start(new Secondary(stores[i + 1], pair[1]), "floor-secondary-" + (i + 1));
            }
            SocketChannel[] clientPair = connectedPair();
            clientChannel = clientPair[0];
            primary = new Primary(stores[0], clientPair[1], toSecondary[0], toSecondary[1], partitions, maxInFlight);
            start(primary, "floor-primary");
        }

        private void start(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.start();
            threads.add(t);
        }

        private SocketChannel[] connectedPair() throws IOException {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel a = SocketChannel.open(server.getLocalAddress());
                SocketChannel b = server.accept();
                for (SocketChannel s : List.of(a, b)) {
                    s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    sockets.add(s);
                }
                return new SocketChannel[] {a, b};
            }
        }

        @Override
        public void close() throws Exception {
            for (SocketChannel s : sockets) {
                s.close();
            }
            primary.selector.wakeup(); // closing its channels does not end a select() already waiting
            for (Thread t : threads) {
                t.join();
            }
            for (Store s : stores) {
                s.close();
            }
        }
    }

    /** The load: {@code n} puts outstanding on one blocking connection, each reply answered with the next put. */
    static final class Client {
        private final SocketChannel channel;
        private final byte[] value;
        private final long[] sentAt = new long[1 << 16];
        private long nextId;

        Client(SocketChannel channel, byte[] value) {
            this.channel = channel;
            this.value = value;
        }

        Row run(int n, int seconds) throws IOException {
            LatencyHistogram latency = new LatencyHistogram();
            ByteBuffer out = ByteBuffer.allocateDirect(RECORD * n);
            ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
            for (int i = 0; i < n; i++) {
                put(out);
            }
            out.flip();
            writeFully(channel, out);
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            long puts = 0;
            int outstanding = n;
            while (outstanding > 0) {
                channel.read(in);
                in.flip();
                out.clear();
                long now = System.nanoTime();
                boolean more = now < deadline;
                while (in.remaining() >= 8) {
                    long id = in.getLong();
                    latency.record(now - sentAt[(int) (id & (sentAt.length - 1))]);
                    puts++;
                    outstanding--;
                    if (more) {
                        put(out);
                        outstanding++;
                    }
                }
                in.compact();
                if (out.position() > 0) {
                    out.flip();
                    writeFully(channel, out);
                }
            }
            long elapsed = System.nanoTime() - start;
            return new Row(puts * 1e9 / elapsed, puts, latency);
        }

        private void put(ByteBuffer out) {
            long id = nextId++;
            sentAt[(int) (id & (sentAt.length - 1))] = System.nanoTime();
            // the yardstick's keys, so that both fill their memtables alike
            byte[] key = Arrays.copyOf(ReplicationBenchmark.key(id), KEY_BYTES);
            out.putLong(id).put(key).put(value);
        }
    }

    static int partitionOf(byte[] key, int partitions) {
        return Math.floorMod(Arrays.hashCode(key), partitions);
    }

    /**
     * Writes all of {@code buffers} to a socket or the log file; spins if a socket's buffer is full, which these loads
     * never fill.
     */
    static void writeFully(GatheringByteChannel ch, ByteBuffer... buffers) throws IOException {
        while (buffers[buffers.length - 1].hasRemaining()) {
            if (ch.write(buffers) == 0) {
                Thread.onSpinWait();
            }
        }
    }
}
