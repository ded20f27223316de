package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checkpoints: exactly their decree, self-describing metadata, and reopening from them. */
class CheckpointTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "wal={0}")
    @ValueSource(booleans = {true, false})
    void checkpointHoldsExactlyItsDecreeAndReopens(boolean wal) throws IOException {
        try (TestStore t = new TestStore(tmp, c -> c.walEnabled(wal))) {
            for (int i = 1; i <= 20; i++) {
                t.put("hk", "k" + i, "v" + i);
            }
            t.store.setDefaultTtlSeconds(0);
            CheckpointInfo info = t.store.checkpoint(tmp.resolve("cp"));
            assertThat(info.decree()).isEqualTo(20);
            assertThat(info.id()).isEqualTo(TestStore.ID);
            assertThat(info.dataVersion()).isEqualTo(1);
            assertThat(info.timestampMicros()).isEqualTo(TestStore.START_MILLIS * 1000);
            assertThat(info.files())
                    .extracting(CheckpointInfo.FileEntry::name)
                    .contains("CURRENT")
                    .anyMatch(n -> n.endsWith(".sst"));

            t.put("hk", "k1", "changed");
            t.put("hk", "k21", "later");

            // the metadata file describes the folder
            assertThat(CheckpointInfo.read(tmp.resolve("cp"))).isEqualTo(info);
            info.verify(tmp.resolve("cp"));

            PartitionStore restored = t.engine.openFromCheckpoint(tmp.resolve("cp"), tmp.resolve("restored"));
            assertThat(restored.id()).isEqualTo(TestStore.ID);
            assertThat(restored.lastAppliedDecree()).isEqualTo(20);
            assertThat(restored.get(key("hk", "k1")).getValue().data()).isEqualTo(b("v1"));
            assertThat(restored.get(key("hk", "k20")).getValue().data()).isEqualTo(b("v20"));
            assertThat(restored.get(key("hk", "k21")).getError()).isEqualTo(1);
            // the restored replica continues from the checkpoint's decree
            restored.apply(
                    21, TestStore.START_MILLIS * 1000, List.of(WriteRequest.put(Req.put(key("hk", "n"), b("x"), 0))));
            assertThat(restored.lastAppliedDecree()).isEqualTo(21);
            restored.close();
            // the checkpoint itself is untouched by the restored store
            info.verify(tmp.resolve("cp"));
            // the source store is unaffected
            assertThat(t.getString("hk", "k1")).isEqualTo("changed");
        }
    }

    @Test
    void checkpointTakenDuringWritesContainsAPrefixOfDecrees() throws Exception {
        try (TestStore t = new TestStore(tmp)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (long d = 1; !stop.get(); d++) {
                        t.store.apply(
                                d,
                                TestStore.START_MILLIS * 1000,
                                List.of(
                                        WriteRequest.put(Req.put(key("d", Long.toString(d)), b("x"), 0)),
                                        WriteRequest.incr(Req.incr(key("n", ""), 1, 0))));
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writer.start();
            while (t.store.lastAppliedDecree() < 200) {
                Thread.onSpinWait();
            }
            CheckpointInfo info = t.store.checkpoint(tmp.resolve("cp"));
            stop.set(true);
            writer.join();
            assertThat(failure.get()).isNull();
            assertThat(info.decree()).isGreaterThanOrEqualTo(200);

            PartitionStore restored = t.engine.openFromCheckpoint(tmp.resolve("cp"), tmp.resolve("r"));
            long d = info.decree();
            assertThat(restored.get(key("n", "")).getValue().data()).isEqualTo(b(Long.toString(d)));
            assertThat(restored.get(key("d", Long.toString(d))).getError()).isZero();
            assertThat(restored.get(key("d", Long.toString(d + 1))).getError()).isEqualTo(1);
            assertThat(restored.sortkeyCount(b("d")).getCount()).isEqualTo(d);
            restored.close();
        }
    }

    @Test
    void damagedCheckpointsAreRefused() throws IOException {
        try (TestStore t = new TestStore(tmp)) {
            t.put("hk", "k", "v");
            CheckpointInfo info = t.store.checkpoint(tmp.resolve("cp"));
            assertThatThrownBy(() -> t.store.checkpoint(tmp.resolve("cp")))
                    .isInstanceOf(IllegalArgumentException.class);

            Path sst = tmp.resolve("cp")
                    .resolve(info.files().stream()
                            .filter(f -> f.name().endsWith(".sst"))
                            .findFirst()
                            .orElseThrow()
                            .name());
            byte[] original = Files.readAllBytes(sst);
            byte[] flipped = original.clone();
            flipped[flipped.length / 2] ^= 1;
            Files.write(sst, flipped);
            assertThatThrownBy(() -> info.verify(tmp.resolve("cp"))).hasMessageContaining("checksum");
            assertThatThrownBy(() -> t.engine.openFromCheckpoint(tmp.resolve("cp"), tmp.resolve("r1")))
                    .isInstanceOf(StorageException.class);
            Files.write(sst, original);

            Path meta = tmp.resolve("cp").resolve(CheckpointInfo.META_FILE);
            String text = Files.readString(meta);
            Files.writeString(meta, text.replace("decree=1\n", "decree=7\n"));
            assertThatThrownBy(() -> CheckpointInfo.read(tmp.resolve("cp"))).hasMessageContaining("corrupt");
            Files.writeString(meta, text);
            Files.writeString(meta, "junk", StandardOpenOption.APPEND);
            assertThatThrownBy(() -> CheckpointInfo.read(tmp.resolve("cp"))).isInstanceOf(IOException.class);
            Files.writeString(meta, text);
            assertThat(CheckpointInfo.read(tmp.resolve("cp"))).isEqualTo(info);
        }
    }
}
