package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.StatusCode;
import io.pegasus.thrift.incr_response;
import java.nio.file.Path;
import java.util.List;
import org.apache.thrift.TBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** incr (spec 4.5): arithmetic, parsing (5.8), overflow, and the TTL table. */
class IncrTest {
    @TempDir
    Path tmp;

    TestStore t;
    final byte[] k = key("hk", "counter");

    @BeforeEach
    void open() {
        t = new TestStore(tmp);
    }

    @AfterEach
    void close() {
        t.close();
    }

    incr_response incr(long by, int expireTs) {
        return t.write(WriteRequest.incr(Req.incr(k, by, expireTs)));
    }

    int ttl() {
        var r = t.store.ttl(k);
        assertThat(r.getError()).isZero();
        return r.getTtl_seconds();
    }

    @Test
    void absentKeyStartsFromZeroAndResultIsDecimalText() {
        incr_response r = incr(-12, 0);
        assertThat(r.getError()).isZero();
        assertThat(r.getNew_value()).isEqualTo(-12);
        assertThat(r.getDecree()).isEqualTo(t.decree);
        assertThat(r.getApp_id()).isEqualTo(2);
        assertThat(t.get(k)).isEqualTo(b("-12"));
        assertThat(ttl()).isEqualTo(-1);
        assertThat(incr(5, 0).getNew_value()).isEqualTo(-7);
    }

    @Test
    void twoIncrementsInOneDecreeSeeEachOther() {
        List<TBase<?, ?>> out = t.applyAll(WriteRequest.incr(Req.incr(k, 1, 0)), WriteRequest.incr(Req.incr(k, 2, 0)));
        assertThat(((incr_response) out.get(0)).getNew_value()).isEqualTo(1);
        assertThat(((incr_response) out.get(1)).getNew_value()).isEqualTo(3);
        assertThat(t.get(k)).isEqualTo(b("3"));
        // a put earlier in the same decree is seen too, and a remove
        out = t.applyAll(
                WriteRequest.put(Req.put(k, b("0x10"), 0)),
                WriteRequest.incr(Req.incr(k, 1, 0)),
                WriteRequest.remove(k),
                WriteRequest.incr(Req.incr(k, 1, 0)));
        assertThat(((incr_response) out.get(1)).getNew_value()).isEqualTo(17);
        assertThat(((incr_response) out.get(3)).getNew_value()).isEqualTo(1);
    }

    @Test
    void storedValuesParseLikeStrtoll() {
        String[][] cases = {{"-1", "0"}, {"+7", "8"}, {" 42", "43"}, {"0x1f", "32"}, {"010", "9"}};
        for (String[] c : cases) {
            t.put(k, b(c[0]), 0);
            assertThat(incr(1, 0).getNew_value()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
        }
        String[] invalid = {"v1", "1 ", "1.0", "0x", "12345678901234567890123456789012345678901234567", "1\0"};
        for (String bad : invalid) {
            t.put(k, b(bad), 0);
            incr_response r = incr(1, 0);
            assertThat(r.getError()).as(bad).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(r.getNew_value()).isZero();
            assertThat(t.get(k)).as("unchanged").isEqualTo(b(bad));
        }
    }

    @Test
    void emptyValueCountsAsZeroAndIncrementZeroStillWrites() {
        t.put(k, new byte[0], 0);
        assertThat(incr(0, 0).getNew_value()).isZero();
        assertThat(t.get(k)).isEqualTo(b("0"));
    }

    @Test
    void overflowIsRejectedWithTheOldValue() {
        t.put(k, b(Long.toString(Long.MAX_VALUE)), 0);
        incr_response up = incr(1, 0);
        assertThat(up.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(up.getNew_value()).isEqualTo(Long.MAX_VALUE);
        t.put(k, b(Long.toString(Long.MIN_VALUE)), 0);
        incr_response down = incr(-1, 0);
        assertThat(down.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(down.getNew_value()).isEqualTo(Long.MIN_VALUE);
        assertThat(t.get(k)).isEqualTo(b(Long.toString(Long.MIN_VALUE)));
        assertThat(incr(Long.MAX_VALUE, 0).getNew_value()).isEqualTo(-1);
    }

    @Test
    void malformedKeyIsInvalidArgument() {
        incr_response r = t.write(WriteRequest.incr(Req.incr(new byte[] {0}, 1, 0)));
        assertThat(r.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    }

    /** The cases of spec 4.5 that must hold exactly, observed through TTL. */
    @Test
    void ttlRulesOfTheSpec() {
        t.put(k, new byte[0], 0);
        assertThat(incr(5, 0).getNew_value()).isEqualTo(5);
        assertThat(ttl()).isEqualTo(-1);
        incr(0, 0);
        assertThat(ttl()).isEqualTo(-1);
        incr(-1, -1);
        assertThat(ttl()).isEqualTo(-1);

        t.write(WriteRequest.remove(k));
        assertThat(incr(1, 0).getNew_value()).isEqualTo(1); // after a delete: from 0

        incr(1, t.now() + 10);
        assertThat(ttl()).isBetween(1, 10);
        t.advanceSeconds(3);
        incr(1, 0); // keep
        assertThat(ttl()).isEqualTo(7);
        incr(1, t.now() + 20); // replace
        assertThat(ttl()).isBetween(11, 20);
        incr(1, -1); // clear
        assertThat(ttl()).isEqualTo(-1);
        assertThat(t.get(k)).isEqualTo(b("5"));
    }

    @Test
    void expiredRecordIsTreatedAsAbsentUsingTheDecreeTimestamp() {
        t.put(k, b("100"), t.now() + 5);
        // apply with a decree timestamp past the expiry, while the local clock is unchanged: the decree's time decides
        long later = (TestStore.START_MILLIS + 6_000) * 1000;
        incr_response r = (incr_response) t.store
                .apply(++t.decree, later, List.of(WriteRequest.incr(Req.incr(k, 1, 0))))
                .get(0);
        assertThat(r.getNew_value()).isEqualTo(1);
        assertThat(ttl()).isEqualTo(-1); // absent record: request 0 gives no expiry

        t.put(k, b("100"), t.now() + 5);
        t.advanceSeconds(5);
        assertThat(incr(1, 0).getNew_value()).isEqualTo(1);
    }

    @Test
    void absentKeyWithRequestedExpiry() {
        incr(1, t.now() + 30);
        assertThat(ttl()).isEqualTo(30);
    }
}
