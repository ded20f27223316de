package io.pegasus.tools.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a shell line into commands (separated by {@code ;}) and each command into words (separated by blanks). Single
 * or double quotes keep blanks and {@code ;} inside a word. Backslashes are kept as typed, because keys and values are
 * unescaped afterwards with {@link io.pegasus.data.Bytes#unescape} ({@code \x00}, {@code \\}, {@code \"}); inside
 * double quotes {@code \"} does not end the word.
 */
final class CommandSplitter {
    private CommandSplitter() {}

    /** The commands of a line, each a list of words; empty commands are left out. */
    static List<List<String>> split(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(c).append(line.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(c).append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c) || c == ';') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (c == ';' && !words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
