package io.pegasus.chaos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real namespaces, real sockets: a cut drops packets silently in one direction, heals restore the link, other links
 * and this JVM's own link are untouched, and closing removes everything. Skipped where namespaces cannot be made.
 */
class NamespaceNetworkTest {
    private NamespaceNetwork net;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        try {
            net = NamespaceNetwork.create(new Random(1));
        } catch (IllegalStateException e) {
            assumeTrue(false, "network namespaces unavailable here: " + e.getMessage());
        }
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        if (net != null) {
            net.close();
        }
    }

    private List<String> java(String host, String... args) {
        List<String> cmd = new ArrayList<>(net.launchPrefix(host));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        cmd.add(TcpProbe.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void listen(String host) throws Exception {
        Process p = new ProcessBuilder(java(host, "listen", net.address(host), "7000"))
                .redirectErrorStream(true)
                .start();
        processes.add(p);
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        assertThat(line).isEqualTo("LISTENING");
    }

    /**
     * How long a probe that should get through may take: a connect and a one-byte answer, but between processes on a
     * loaded machine. Probes through a cut link wait {@link #CUT_MS}: a dropped packet gets no answer however long.
     */
    private static final String OPEN_MS = "10000";

    private static final String CUT_MS = "1500";

    /** Connects from {@code from} to {@code to}'s listener, expecting an answer: OK, TIMEOUT or REFUSED. */
    private String probe(String from, String to) {
        return probe(from, to, OPEN_MS);
    }

    /** Like {@link #probe(String, String)} through a cut link, where nothing comes back: waits only 1.5 s. */
    private String probeCut(String from, String to) {
        return probe(from, to, CUT_MS);
    }

    private String probe(String from, String to, String timeoutMs) {
        return Shell.run(java(from, "connect", net.address(to), "7000", timeoutMs))
                .output();
    }

    private boolean reachableFromHere(String host) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(net.address(host), 7000), Integer.parseInt(OPEN_MS));
            s.setSoTimeout(Integer.parseInt(OPEN_MS));
            return s.getInputStream().read() == 1;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void cutsDropPacketsSilentlyOneWayAndHealsRestoreThem() throws Exception {
        net.addHost("a");
        net.addHost("b");
        net.addHost("c");
        assertThat(net.address("a")).isNotEqualTo(net.address("b")).startsWith("10.");
        listen("b");
        listen("c");
        assertThat(probe("a", "b")).isEqualTo("OK");

        net.cut("a", "b");
        assertThat(net.cutLinks()).containsExactly(new Network.Link("a", "b"));
        assertThat(probeCut("a", "b")).as("no answer, not a refusal").isEqualTo("TIMEOUT");
        assertThat(probe("a", "c")).as("other links are untouched").isEqualTo("OK");
        assertThat(probe("c", "b")).isEqualTo("OK");
        assertThat(reachableFromHere("b"))
                .as("this JVM still reaches every host")
                .isTrue();

        net.heal("a", "b");
        assertThat(probe("a", "b")).isEqualTo("OK");

        // one direction: a's packets reach b but b's answers do not come back
        net.cut("b", "a");
        assertThat(probeCut("a", "b")).isEqualTo("TIMEOUT");
        net.healAll();
        assertThat(net.cutLinks()).isEmpty();
        assertThat(probe("a", "b")).isEqualTo("OK");
    }

    @Test
    void closingRemovesTheNamespacesAndWhateverRunsInThem() throws Exception {
        net.addHost("a");
        listen("a");
        long pid = processes.get(0).pid();
        assertThat(net.pids("a")).contains(pid);
        String prefix = NamespaceNetwork.PREFIX + ProcessHandle.current().pid() + "-";
        assertThat(Shell.check("ip", "netns", "list")).contains(prefix);
        net.close();
        assertThat(processes.get(0).waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        assertThat(Shell.check("ip", "netns", "list"))
                .doesNotContain(net.toString().split(" ")[1].replace("*,", ""));
    }
}
