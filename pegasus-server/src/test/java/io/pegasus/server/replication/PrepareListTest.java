package io.pegasus.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrepareListTest {

    private static Mutation m(long ballot, long decree) {
        return new Mutation(ballot, decree, decree, List.of());
    }

    @Test
    void commitsOnlyLoggedDecreesInOrder() {
        PrepareList list = new PrepareList(0, 10);
        list.append(m(1, 1), false);
        list.append(m(1, 2), false);
        list.markLogged(1, 2);
        assertThat(list.nextCommittable()).isNull(); // decree 1 is not durable yet
        assertThat(list.loggedPrefix()).isZero();
        list.markLogged(1, 1);
        assertThat(list.loggedPrefix()).isEqualTo(2);
        assertThat(list.commitNext()).isEqualTo(m(1, 1));
        assertThat(list.commitNext()).isEqualTo(m(1, 2));
        assertThat(list.committedDecree()).isEqualTo(2);
        assertThatThrownBy(list::commitNext).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void appendMustBeTheNextDecree() {
        PrepareList list = new PrepareList(5, 10);
        assertThatThrownBy(() -> list.append(m(1, 7), false)).isInstanceOf(IllegalStateException.class);
        list.append(m(1, 6), false);
        assertThat(list.preparedDecree()).isEqualTo(6);
    }

    @Test
    void logCompletionOfAReplacedVersionIsIgnored() {
        PrepareList list = new PrepareList(0, 10);
        list.append(m(1, 1), false);
        list.append(m(1, 2), false);
        list.replaceFrom(m(2, 1));
        assertThat(list.preparedDecree()).isEqualTo(1);
        assertThat(list.markLogged(1, 1)).isFalse();
        assertThat(list.isLogged(1)).isFalse();
        assertThat(list.markLogged(2, 1)).isTrue();
    }

    @Test
    void committedDecreesCanNeitherBeReplacedNorTruncated() {
        PrepareList list = new PrepareList(0, 10);
        list.append(m(1, 1), true);
        list.commitNext();
        assertThatThrownBy(() -> list.replaceFrom(m(2, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> list.rewrite(m(2, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> list.truncateAfter(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keepsABoundedCacheOfCommittedMutationsForLearners() {
        PrepareList list = new PrepareList(0, 3);
        for (long d = 1; d <= 10; d++) {
            list.append(m(1, d), true);
            list.commitNext();
        }
        list.append(m(1, 11), false);
        assertThat(list.range(7, 11)).extracting(Mutation::decree).containsExactly(8L, 9L, 10L, 11L);
        assertThat(list.range(6, 11)).isNull(); // decree 7 was evicted
        assertThat(list.range(11, 11)).isEmpty();
        assertThat(list.uncommitted()).containsExactly(m(1, 11));
    }

    @Test
    void rewriteKeepsLaterDecreesAndResetForgetsEverything() {
        PrepareList list = new PrepareList(0, 10);
        list.append(m(1, 1), true);
        list.append(m(1, 2), true);
        list.rewrite(m(3, 1));
        assertThat(list.ballotAt(1)).isEqualTo(3);
        assertThat(list.isLogged(1)).isFalse();
        assertThat(list.ballotAt(2)).isEqualTo(1);
        list.resetTo(40);
        assertThat(list.committedDecree()).isEqualTo(40);
        assertThat(list.preparedDecree()).isEqualTo(40);
        assertThat(list.ballotAt(2)).isEqualTo(ReplicaMessage.NO_BALLOT);
    }
}
