package io.pegasus.bench;

import java.util.Locale;
import site.ycsb.DB;

/**
 * The systems the bench knows, by the name used on the command line, in the table and in the CSV. Bindings are named,
 * not referenced, so a worker JVM needs only its own system's client on its classpath (etcd's needs Netty 4.1).
 */
enum SystemUnderTest {
    PEGASUS("pegasus", "io.pegasus.bench.ycsb.PegasusDB"),
    ETCD("etcd", "io.pegasus.bench.ycsb.EtcdDB"),
    REDIS("redis", "io.pegasus.bench.ycsb.RedisDB"),
    ROCKSDB("rocksdb", "io.pegasus.bench.ycsb.RocksDbYardstick");

    final String label;
    private final String binding;

    SystemUnderTest(String label, String binding) {
        this.label = label;
        this.binding = binding;
    }

    DB newBinding() {
        try {
            return (DB) Class.forName(binding).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the " + label + " binding " + binding, e);
        }
    }

    static SystemUnderTest byLabel(String label) {
        for (SystemUnderTest s : values()) {
            if (s.label.equals(label.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown system " + label + "; known: pegasus, etcd, redis, rocksdb");
    }
}
