package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.key;
import static io.pegasus.server.storage.Req.mdel;
import static io.pegasus.server.storage.Req.mput;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.StatusCode;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.check_and_mutate_response;
import io.pegasus.thrift.mutate;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check_and_mutate (spec 4.7): validation order, check, mutations in list order. */
class CheckAndMutateTest {
    @TempDir
    Path tmp;

    TestStore t;

    @BeforeEach
    void open() {
        t = new TestStore(tmp);
    }

    @AfterEach
    void close() {
        t.close();
    }

    check_and_mutate_response cam(check_and_mutate_request r) {
        return t.write(WriteRequest.checkAndMutate(r));
    }

    @Test
    void passingCheckAppliesMutationsInOrder() {
        t.put("hk", "k1", "old");
        t.put("hk", "gone", "x");
        check_and_mutate_response r = cam(Req.cam(
                "hk",
                "k1",
                3,
                "",
                mput("k1", "a", 0),
                mdel("k1"),
                mput("k2", "b", t.now() + 50),
                mput("k2", "c", t.now() + 60),
                mdel("gone")));
        assertThat(r.getError()).isZero();
        assertThat(r.isCheck_value_returned()).isTrue();
        assertThat(r.isCheck_value_exist()).isTrue();
        assertThat(r.getCheck_value().data()).isEqualTo(b("old"));
        assertThat(r.getDecree()).isEqualTo(t.decree);
        assertThat(r.getPartition_index()).isEqualTo(3);
        assertThat(t.getString("hk", "k1")).isNull();
        assertThat(t.getString("hk", "k2")).isEqualTo("c");
        assertThat(t.store.ttl(key("hk", "k2")).getTtl_seconds()).isEqualTo(60);
        assertThat(t.getString("hk", "gone")).isNull();
    }

    @Test
    void failingCheckWritesNothing() {
        t.put("hk", "k1", "5");
        check_and_mutate_response r = cam(Req.cam("hk", "k1", 17, "5", mput("k1", "9", 0), mput("k9", "9", 0)));
        assertThat(r.getError()).isEqualTo(StatusCode.TRY_AGAIN);
        assertThat(r.getCheck_value().data()).isEqualTo(b("5"));
        assertThat(t.getString("hk", "k1")).isEqualTo("5");
        assertThat(t.getString("hk", "k9")).isNull();
    }

    @Test
    void integerCheckOnNonIntegerIsInvalidArgumentWithCheckFields() {
        t.put("hk", "k1", "v1");
        check_and_mutate_response r = cam(Req.cam("hk", "k1", 15, "1", mput("k1", "9", 0)));
        assertThat(r.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(r.isCheck_value_exist()).isTrue();
        assertThat(r.getCheck_value().data()).isEqualTo(b("v1"));
        assertThat(t.getString("hk", "k1")).isEqualTo("v1");
    }

    @Test
    void requestValidationRejectsBeforeReading() {
        t.put("hk", "k1", "v");
        check_and_mutate_request empty = Req.cam("hk", "k1", 0, "");
        assertThat(cam(empty).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        empty.setMutate_list(null);
        assertThat(cam(empty).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);

        mutate bad = mput("k1", "x", 0);
        bad.setOperation(2);
        check_and_mutate_response badOp = cam(Req.cam("hk", "k1", 0, "", mput("k2", "x", 0), bad));
        assertThat(badOp.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(badOp.isCheck_value_returned()).isFalse();

        check_and_mutate_response badType = cam(Req.cam("hk", "k1", 18, "", mput("k2", "x", 0)));
        assertThat(badType.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(badType.isCheck_value_returned()).isFalse();
        assertThat(badType.getCheck_value().data()).isEmpty();

        mutate big = new mutate(0, Req.bl("k2"), new io.pegasus.thrift.blob(new byte[(1 << 20) + 1]), 0);
        assertThat(cam(Req.cam("hk", "k1", 0, "", big)).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(t.getString("hk", "k2")).isNull();
        assertThat(t.getString("hk", "k1")).isEqualTo("v");
    }

    @Test
    void absentMutateFieldsMeanEmpty() {
        mutate m = new mutate();
        m.setOperation(0); // put with absent sort key and value
        check_and_mutate_request r = Req.cam("hk", "c", 1, "");
        r.setMutate_list(new ArrayList<>(java.util.List.of(m)));
        r.setCheck_sort_key(null);
        r.setCheck_operand(null);
        assertThat(cam(r).getError()).isZero();
        assertThat(t.get(key("hk", ""))).isEmpty();
    }

    @Test
    void defaultTtlAppliesToMutationPuts() {
        t.store.setDefaultTtlSeconds(30);
        cam(Req.cam("hk", "x", 0, "", mput("a", "1", 0), mput("b", "1", t.now() + 5)));
        assertThat(t.store.ttl(key("hk", "a")).getTtl_seconds()).isEqualTo(30);
        assertThat(t.store.ttl(key("hk", "b")).getTtl_seconds()).isEqualTo(5);
    }
}
