package io.pegasus.tools.shell;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/pegasus shell}: the admin shell. Interactive (history, completion) on a terminal; one-shot with
 * {@code -e "cmd; cmd"} (repeatable) or with commands on standard input, for scripts. Exit status: 0 when every
 * command succeeded, 1 when one failed (the rest are not run), 2 when one was not understood.
 */
@Command(
        name = "pegasus shell",
        mixinStandardHelpOptions = true,
        description = "The Pegasus admin shell. Without -e and on a terminal it is interactive ('help' lists the"
                + " commands).")
public final class ShellMain implements Callable<Integer> {
    static final String ONEBOX_METAS = "127.0.0.1:34601,127.0.0.1:34602,127.0.0.1:34603";

    @Option(
            names = {"-m", "--meta"},
            // bin/pegasus sets PEGASUS_SHELL_META to the onebox's MetaServers, shifted by PEGASUS_ONEBOX_PORT_OFFSET
            defaultValue = "${env:PEGASUS_SHELL_META:-" + ONEBOX_METAS + "}",
            description = "MetaServers, ip:port,ip:port (default: the onebox's, ${DEFAULT-VALUE})")
    String metas;

    @Option(
            names = {"-e", "--execute"},
            paramLabel = "COMMANDS",
            description = "run these commands (';' separates several) and exit")
    List<String> execute;

    @Option(names = "--json", description = "JSON output instead of tables")
    boolean json;

    @Option(
            names = "--timeout-ms",
            defaultValue = "10000",
            description = "timeout of each operation (default ${DEFAULT-VALUE})")
    int timeoutMs;

    @Option(
            names = "--history-file",
            defaultValue = "${sys:user.home}/.pegasus_shell_history",
            description = "interactive history (default ${DEFAULT-VALUE})")
    Path historyFile;

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    ShellMain(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws Exception {
        boolean interactive = execute == null && System.console() != null && stdin == System.in;
        if (interactive) {
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                Output out = new Output(terminal.writer(), terminal.writer(), json);
                try (ShellContext ctx = new ShellContext(metas, timeoutMs, out)) {
                    return new Repl(new Shell(ctx), terminal, historyFile).run();
                }
            }
        }
        PrintWriter out = new PrintWriter(stdout, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(stderr, true, StandardCharsets.UTF_8);
        try (ShellContext ctx = new ShellContext(metas, timeoutMs, new Output(out, err, json))) {
            Shell shell = new Shell(ctx);
            if (execute != null) {
                for (String line : execute) {
                    int status = shell.execute(line);
                    if (status != Shell.OK) {
                        return status;
                    }
                }
                return Shell.OK;
            }
            // a script on standard input: one line at a time, stop at the first failure
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.equals("exit") || t.equals("quit")) {
                    break;
                }
                int status = shell.execute(t);
                if (status != Shell.OK) {
                    return status;
                }
            }
            return Shell.OK;
        }
    }

    /** Runs the shell with these arguments and streams; returns the exit status. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new ShellMain(in, out, err));
        cl.setOverwrittenOptionsAllowed(true); // a later --meta wins, as in most command lines
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("ERROR: " + Shell.describe(e));
            return Shell.FAILED;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }
}
