package io.pegasus.bench.ycsb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

class RocksDbYardstickTest {
    @TempDir
    Path dir;

    @Test
    void writesReadsAndDeletesOnARealRocksDb() throws DBException {
        Properties props = new Properties();
        props.setProperty("rocksdb.dir", dir.resolve("db").toString());
        RocksDbYardstick a = new RocksDbYardstick();
        RocksDbYardstick b = new RocksDbYardstick();
        a.setProperties(props);
        b.setProperties(props);
        a.init();
        b.init(); // a second YCSB thread shares the open database
        try {
            assertThat(a.insert("t", "user1", Map.of("field0", new StringByteIterator("v1"))))
                    .isEqualTo(Status.OK);
            Map<String, ByteIterator> read = new HashMap<>();
            assertThat(b.read("t", "user1", null, read)).isEqualTo(Status.OK);
            assertThat(read.get("field0").toString()).isEqualTo("v1");
            assertThat(a.delete("t", "user1")).isEqualTo(Status.OK);
            assertThat(b.read("t", "user1", null, new HashMap<>())).isEqualTo(Status.NOT_FOUND);
        } finally {
            a.cleanup();
            b.cleanup();
        }
    }
}
