package io.pegasus.tools.shell;

import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The interactive loop: JLine reads lines with editing, completion ({@link ShellCompleter}) and a history kept in a
 * file across sessions; each line goes to the {@link Shell}. A failed command only prints its error. Ctrl-C drops the
 * line being typed; Ctrl-D, {@code exit} or {@code quit} end the session.
 */
final class Repl {
    private final Shell shell;
    private final Terminal terminal;
    private final Path historyFile;

    Repl(Shell shell, Terminal terminal, Path historyFile) {
        this.shell = shell;
        this.terminal = terminal;
        this.historyFile = historyFile;
    }

    int run() throws Exception {
        DefaultParser parser = new DefaultParser();
        // backslashes belong to the keys (\x00 escapes); the shell unescapes them itself
        parser.setEscapeChars(new char[0]);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("pegasus")
                .parser(parser)
                .completer(new ShellCompleter(shell))
                .variable(LineReader.HISTORY_FILE, historyFile)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        terminal.writer().println("Pegasus shell on " + shell.context().metaList() + "; 'help' lists the commands.");
        terminal.writer().flush();
        try {
            while (true) {
                String table = shell.context().tableName();
                String line;
                try {
                    line = reader.readLine(table == null ? ">>> " : table + " >>> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                String t = line.trim();
                if (t.equals("exit") || t.equals("quit")) {
                    break;
                }
                if (!t.isEmpty()) {
                    shell.execute(t);
                }
            }
        } finally {
            reader.getHistory().save();
        }
        return Shell.OK;
    }
}
