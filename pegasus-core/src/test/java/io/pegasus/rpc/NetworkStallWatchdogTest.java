package io.pegasus.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NetworkStallWatchdogTest {

    @Test
    void aBlockedNetworkThreadIsReportedWithWhereItIsThenWithHowLongItTook() throws Exception {
        List<NetworkStallWatchdog.Stall> stalls = new CopyOnWriteArrayList<>();
        try (NetworkThreads threads = new NetworkThreads(1);
                NetworkStallWatchdog watchdog = new NetworkStallWatchdog(threads.group(), 200, stalls::add)) {
            Thread.sleep(300); // the watchdog learns which thread it watches
            CountDownLatch done = new CountDownLatch(1);
            threads.group().next().execute(() -> {
                try {
                    Thread.sleep(900); // a blocking call on the network thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stalls.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(stalls).hasSize(2);
        NetworkStallWatchdog.Stall during = stalls.get(0);
        assertThat(during.ended()).isFalse();
        assertThat(during.millis()).isGreaterThanOrEqualTo(200);
        assertThat(during.stack()).anyMatch(f -> f.getMethodName().equals("sleep"));
        NetworkStallWatchdog.Stall after = stalls.get(1);
        assertThat(after.ended()).isTrue();
        assertThat(after.thread()).isEqualTo(during.thread());
        assertThat(after.millis()).isBetween(600L, 5_000L);
    }

    @Test
    void aBusyThreadThatKeepsComingBackIsNotAStall() throws Exception {
        List<NetworkStallWatchdog.Stall> stalls = new CopyOnWriteArrayList<>();
        try (NetworkThreads threads = new NetworkThreads(2);
                NetworkStallWatchdog watchdog = new NetworkStallWatchdog(threads.group(), 200, stalls::add)) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
            while (System.nanoTime() < end) {
                threads.group().next().execute(() -> {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
                Thread.sleep(5);
            }
            Thread.sleep(300);
        }
        assertThat(stalls).isEmpty();
    }

    @Test
    void refusesANonPositiveThreshold() {
        try (NetworkThreads threads = new NetworkThreads(1)) {
            assertThatThrownBy(() -> new NetworkStallWatchdog(threads.group(), 0, s -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("thresholdMillis");
        }
    }
}
