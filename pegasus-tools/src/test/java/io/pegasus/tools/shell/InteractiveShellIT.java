package io.pegasus.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.testing.MiniCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted interactive session: keystrokes (TAB, Ctrl-P, Enter) go through a JLine terminal into the real line
 * reader and shell, against a real MiniCluster; the screen output and the history file are checked.
 */
class InteractiveShellIT {
    private static final String TAB = "\t";
    private static final String ENTER = "\r";
    /** Ctrl-P: previous history entry (emacs keys, JLine's default). */
    private static final String PREVIOUS = "\u0010";

    private static MiniCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = MiniCluster.builder().replicaServers(3).start();
        cluster.createTable("interactive_t", 2, 3);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Types {@code keys} into a session; the input then ends (Ctrl-D), which ends the session. Returns the screen. */
    private static String session(Path history, String keys) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal t = new ExternalTerminal(
                "test",
                "xterm",
                new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
                screen,
                StandardCharsets.UTF_8)) {
            t.setSize(new Size(200, 50));
            Output out = new Output(t.writer(), t.writer(), false);
            try (ShellContext ctx = new ShellContext(cluster.metaServerList(), 20_000, out)) {
                new Repl(new Shell(ctx), t, history).run();
            }
        }
        return screen.toString(StandardCharsets.UTF_8);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void completionAndHistoryWork() throws Exception {
        Path history = dir.resolve("history");
        String screen = session(
                history,
                // "us" completes to the command "use", "interactive_" to the table's name
                "us" + TAB + "interactive_" + TAB + ENTER
                        // a command name and an option name completed
                        + "get_meta_lev" + TAB + ENTER
                        + "nodes --det" + TAB + ENTER
                        // three entries back in the history: "use interactive_t" again
                        + PREVIOUS + PREVIOUS + PREVIOUS + ENTER);
        assertThat(count(screen, "OK, using table interactive_t")).isEqualTo(2);
        assertThat(screen).contains("meta_level", "steady", "last_beacon_ms_ago", "total 3 nodes, 3 alive");
        assertThat(screen).contains("interactive_t >>> "); // the prompt names the table in use

        assertThat(Files.readString(history)).contains("use interactive_t", "get_meta_level", "nodes --detailed");

        // a new session starts with that history: Ctrl-P recalls the last command of the previous one
        String next = session(history, PREVIOUS + ENTER);
        assertThat(next).contains("OK, using table interactive_t");
    }
}
