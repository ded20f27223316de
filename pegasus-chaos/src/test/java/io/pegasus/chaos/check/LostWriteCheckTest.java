package io.pegasus.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.verify.Op;
import io.pegasus.verify.OpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LostWriteCheckTest {
    private static final String K = "k";

    private static List<LostWriteCheck.Violation> check(String finalValue, Op... ops) {
        Map<String, String> finals = new HashMap<>();
        finals.put(K, finalValue);
        return LostWriteCheck.check(List.of(ops), finals);
    }

    @Test
    void theLastAcknowledgedWriteExplainsTheFinalValue() {
        assertThat(check("2", Op.set(0, K, "1", 0, 10, OpStatus.OK), Op.set(0, K, "2", 20, 30, OpStatus.OK)))
                .isEmpty();
    }

    @Test
    void anOlderValueAfterAnAcknowledgedLaterWriteIsALostWrite() {
        assertThat(check("1", Op.set(0, K, "1", 0, 10, OpStatus.OK), Op.set(0, K, "2", 20, 30, OpStatus.OK)))
                .singleElement()
                .satisfies(v -> assertThat(v.explanation()).contains("followed by acknowledged writes"));
    }

    @Test
    void concurrentWritesMayEndInEitherOrder() {
        Op a = Op.set(0, K, "1", 0, 30, OpStatus.OK);
        Op b = Op.set(1, K, "2", 10, 20, OpStatus.OK);
        assertThat(check("1", a, b)).isEmpty();
        assertThat(check("2", a, b)).isEmpty();
    }

    @Test
    void aWriteOfUnknownOutcomeMayLandAfterEverything() {
        assertThat(check("1", Op.set(0, K, "1", 0, 10, OpStatus.UNKNOWN), Op.set(1, K, "2", 20, 30, OpStatus.OK)))
                .isEmpty();
    }

    @Test
    void aFailedWriteExplainsNothing() {
        assertThat(check("1", Op.set(0, K, "2", 0, 10, OpStatus.OK), Op.set(1, K, "1", 20, 30, OpStatus.FAILED)))
                .singleElement()
                .satisfies(v -> assertThat(v.explanation()).contains("no write of this key could produce it"));
    }

    @Test
    void deletesAndTheInitialAbsence() {
        assertThat(check(null)).isEmpty();
        assertThat(check(null, Op.set(0, K, "1", 0, 10, OpStatus.OK), Op.del(0, K, 20, 30, OpStatus.OK)))
                .isEmpty();
        assertThat(check(null, Op.set(0, K, "1", 0, 10, OpStatus.OK))).hasSize(1);
        assertThat(check("1", Op.set(0, K, "1", 0, 10, OpStatus.OK), Op.del(0, K, 20, 30, OpStatus.OK)))
                .hasSize(1);
    }

    @Test
    void increments() {
        Op set = Op.set(0, K, "10", 0, 10, OpStatus.OK);
        Op incr = Op.incr(0, K, 3, 20, 30, OpStatus.OK, 13);
        assertThat(check("13", set, incr)).isEmpty();
        assertThat(check("10", set, incr)).as("the increment was lost").hasSize(1);
        // an increment of unknown outcome may have produced any number
        assertThat(check("99", set, Op.incr(1, K, 3, 20, 30, OpStatus.UNKNOWN, 0)))
                .isEmpty();
    }

    @Test
    void aCompareAndSetThatDidNotMatchWroteNothing() {
        Op set = Op.set(0, K, "10", 0, 10, OpStatus.OK);
        Op missed = Op.cas(1, K, "7", "20", 20, 30, OpStatus.OK, false);
        assertThat(check("10", set, missed)).isEmpty();
        assertThat(check("20", set, missed)).hasSize(1);
        Op hit = Op.cas(1, K, "10", "20", 40, 50, OpStatus.OK, true);
        assertThat(check("20", set, hit)).isEmpty();
        assertThat(check("10", set, hit)).hasSize(1);
    }

    @Test
    void onlyTheKeysReadAtTheEndAreChecked() {
        List<Op> ops = List.of(Op.set(0, "other", "1", 0, 10, OpStatus.OK));
        assertThat(LostWriteCheck.check(ops, Map.of())).isEmpty();
    }
}
