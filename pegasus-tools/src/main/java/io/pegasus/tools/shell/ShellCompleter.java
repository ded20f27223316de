package io.pegasus.tools.shell;

import io.pegasus.server.thrift.node_info;
import io.pegasus.thrift.app_info;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: command names first; then, by command, table names (asked from the MetaServer), meta levels, env
 * actions, ReplicaServer addresses, and each command's options after a '-'. A MetaServer that does not answer just
 * means no candidates.
 */
final class ShellCompleter implements Completer {
    private static final Set<String> TABLE_COMMANDS = Set.of("use", "app", "drop");

    private final Shell shell;

    ShellCompleter(Shell shell) {
        this.shell = shell;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            List<String> names = new ArrayList<>(shell.commandNames());
            names.addAll(List.of("exit", "quit"));
            names.forEach(n -> candidates.add(new Candidate(n)));
            return;
        }
        String command = words.get(0);
        String current = line.word();
        if (current.startsWith("-")) {
            shell.optionNames(command).forEach(o -> candidates.add(new Candidate(o)));
            return;
        }
        if (index != 1) {
            return;
        }
        for (String value : valuesFor(command)) {
            candidates.add(new Candidate(value));
        }
    }

    private List<String> valuesFor(String command) {
        if (TABLE_COMMANDS.contains(command)) {
            try {
                return TableCommands.list(shell.context().admin(), false).stream()
                        .map(app_info::getApp_name)
                        .toList();
            } catch (Exception e) {
                return List.of();
            }
        }
        return switch (command) {
            case "set_meta_level" -> List.of("freezed", "steady", "lively");
            case "app_envs" -> List.of("get", "set", "del", "clear");
            case "output" -> List.of("table", "json");
            case "help" -> shell.commandNames();
            case "drain" -> nodes();
            default -> List.of();
        };
    }

    private List<String> nodes() {
        try {
            return ClusterCommands.nodes(shell.context().admin()).getNodes().stream()
                    .map(node_info::getNode)
                    .map(Object::toString)
                    .toList();
        } catch (Exception e) {
            return List.of();
        }
    }
}
