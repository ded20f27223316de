package io.pegasus.server.storage;

import static io.pegasus.server.storage.Req.b;
import static io.pegasus.server.storage.Req.bl;
import static io.pegasus.server.storage.Req.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.StatusCode;
import io.pegasus.thrift.check_and_set_request;
import io.pegasus.thrift.check_and_set_response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** check_and_set (spec 4.6): every check type, the response's check fields, set_diff_sort_key, expiry. */
class CheckAndSetTest {
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

    check_and_set_response cas(check_and_set_request r) {
        return t.write(WriteRequest.checkAndSet(r));
    }

    /**
     * Each row: check type, stored value ("-" = absent), operand, expected error. The write happens iff error is 0.
     */
    @ParameterizedTest(name = "type {0} value {1} operand {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0|-|x|0",
                "0|v|x|0",
                "1|-|x|0",
                "1|v|x|13",
                "1|''|x|13",
                "2|-|x|0",
                "2|''|x|0",
                "2|v|x|13",
                "3|-|x|13",
                "3|''|x|0",
                "3|v|x|0",
                "4|-|x|13",
                "4|''|x|13",
                "4|v|x|0",
                "5|abcde|cd|0",
                "5|abcde|ce|13",
                "5|abcde|''|0",
                "5|-|''|13",
                "5|ab|abc|13",
                "6|abcde|ab|0",
                "6|abcde|bc|13",
                "6|abcde|''|0",
                "6|-|ab|13",
                "7|abcde|de|0",
                "7|abcde|cd|13",
                "7|abcde|''|0",
                "7|-|de|13",
                "8|abc|abd|0",
                "8|abc|abc|13",
                "8|ab|abc|0",
                "8|-|abc|13",
                "9|abc|abc|0",
                "9|abd|abc|13",
                "9|''|''|0",
                "10|abc|abc|0",
                "10|abc|abd|13",
                "10|-|''|13",
                "10|''|''|0",
                "11|abc|abc|0",
                "11|abc|abd|13",
                "11|abc|ab|0",
                "12|abd|abc|0",
                "12|abc|abc|13",
                "12|-|a|13",
                "13|5|6|0",
                "13|6|6|13",
                "13|-1|0x0|0",
                "14|6|6|0",
                "14|7|6|13",
                "14|010|8|0",
                "15|6|6|0",
                "15|6|7|13",
                "15|' 6'|+6|0",
                "16|6|6|0",
                "16|5|6|13",
                "17|7|6|0",
                "17|6|6|13",
                "13|-|xyz|13",
                "15|v1|5|4",
                "15|5|v1|4",
                "15|''|5|4",
                "15|5|''|4",
                "17|99999999999999999999|1|4",
                "14|1|1.0|4",
            })
    void everyCheckType(int type, String stored, String operand, int expected) {
        boolean exists = !stored.equals("-");
        if (exists) {
            t.put("hk", "c", stored);
        }
        check_and_set_response r = cas(Req.cas("hk", "c", type, operand, "new"));
        assertThat(r.getError()).isEqualTo(expected);
        // the check fields are filled for 0, 13 and the integer-parse 4
        assertThat(r.isCheck_value_returned()).isTrue();
        assertThat(r.isCheck_value_exist()).isEqualTo(exists);
        assertThat(r.getCheck_value().data()).isEqualTo(exists ? b(stored) : new byte[0]);
        assertThat(r.getDecree()).isEqualTo(t.decree);
        assertThat(t.getString("hk", "c")).isEqualTo(expected == 0 ? "new" : exists ? stored : null);
    }

    @Test
    void invalidCheckTypeChangesNothingAndReturnsNoCheckFields() {
        t.put("hk", "c", "old");
        for (int type : new int[] {18, -1, 1000}) {
            check_and_set_response r = cas(Req.cas("hk", "c", type, "", "new"));
            assertThat(r.getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(r.isCheck_value_returned()).isFalse();
            assertThat(r.isCheck_value_exist()).isFalse();
            assertThat(r.getCheck_value()).isNotNull();
            assertThat(r.getCheck_value().data()).isEmpty();
        }
        assertThat(t.getString("hk", "c")).isEqualTo("old");
    }

    @Test
    void checkValueIsNotReturnedUnlessAsked() {
        t.put("hk", "c", "old");
        check_and_set_request req = Req.cas("hk", "c", 3, "", "new");
        req.setReturn_check_value(false);
        check_and_set_response r = cas(req);
        assertThat(r.getError()).isZero();
        assertThat(r.isCheck_value_returned()).isFalse();
        assertThat(r.isCheck_value_exist()).isFalse();
        assertThat(r.getCheck_value().data()).isEmpty();
    }

    @Test
    void setDiffSortKeyWritesAnotherRecordAndReportsTheCheckedOne() {
        t.put("hk", "k3", "three");
        check_and_set_request req = Req.cas("hk", "k3", 3, "", "four");
        req.setSet_diff_sort_key(true);
        req.setSet_sort_key(bl("k4"));
        req.setSet_expire_ts_seconds(t.now() + 9);
        check_and_set_response r = cas(req);
        assertThat(r.getError()).isZero();
        assertThat(r.getCheck_value().data()).isEqualTo(b("three"));
        assertThat(t.getString("hk", "k3")).isEqualTo("three");
        assertThat(t.getString("hk", "k4")).isEqualTo("four");
        assertThat(t.store.ttl(key("hk", "k4")).getTtl_seconds()).isEqualTo(9);

        // set_diff_sort_key false: set_sort_key is ignored
        check_and_set_request same = Req.cas("hk", "k3", 0, "", "x");
        same.setSet_sort_key(bl("ignored"));
        cas(same);
        assertThat(t.getString("hk", "k3")).isEqualTo("x");
        assertThat(t.getString("hk", "ignored")).isNull();
    }

    @Test
    void absentFieldsMeanEmpty() {
        t.put("hk", "", "empty-sort-key");
        check_and_set_request req = new check_and_set_request();
        req.setHash_key(bl("hk"));
        req.setCheck_type(10); // BYTES_EQUAL with an absent operand: compares with ""
        req.setReturn_check_value(true);
        check_and_set_response r = cas(req);
        assertThat(r.getError()).isEqualTo(StatusCode.TRY_AGAIN);
        assertThat(r.getCheck_value().data()).isEqualTo(b("empty-sort-key"));
        req.setCheck_operand(bl("empty-sort-key"));
        assertThat(cas(req).getError()).isZero();
        assertThat(t.get(key("hk", ""))).isEmpty(); // set_value absent = empty value
    }

    @Test
    void expiredCheckedRecordDoesNotExist() {
        t.put(key("hk", "c"), b("old"), t.now() + 2);
        t.advanceSeconds(2);
        check_and_set_response r = cas(Req.cas("hk", "c", 1, "", "new"));
        assertThat(r.getError()).isZero();
        assertThat(r.isCheck_value_exist()).isFalse();
        assertThat(t.getString("hk", "c")).isEqualTo("new");
    }

    @Test
    void compareExchangeSeesEarlierWriteOfTheSameDecree() {
        var out = t.applyAll(
                WriteRequest.put(Req.put(key("hk", "c"), b("1"), 0)),
                WriteRequest.checkAndSet(Req.cas("hk", "c", 10, "1", "2")),
                WriteRequest.checkAndSet(Req.cas("hk", "c", 10, "1", "3")));
        assertThat(((check_and_set_response) out.get(1)).getError()).isZero();
        check_and_set_response third = (check_and_set_response) out.get(2);
        assertThat(third.getError()).isEqualTo(StatusCode.TRY_AGAIN);
        assertThat(third.getCheck_value().data()).isEqualTo(b("2"));
        assertThat(t.getString("hk", "c")).isEqualTo("2");
    }

    @Test
    void oversizedSetValueIsRejected() {
        check_and_set_request req = Req.cas("hk", "c", 0, "", "");
        req.setSet_value(new io.pegasus.thrift.blob(new byte[(1 << 20) + 1]));
        assertThat(cas(req).getError()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(t.getString("hk", "c")).isNull();
    }
}
