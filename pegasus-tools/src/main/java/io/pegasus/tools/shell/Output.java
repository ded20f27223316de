package io.pegasus.tools.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a command's result goes, in the format the user chose: aligned human-readable tables (the default) or one JSON
 * document per command ({@code --json}). Commands hand over rows and key/value pairs; they never format themselves.
 * Notes ("3 rows") are for humans and are left out of JSON.
 */
final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private boolean json;

    Output(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    PrintWriter writer() {
        return out;
    }

    PrintWriter errorWriter() {
        return err;
    }

    boolean json() {
        return json;
    }

    void setJson(boolean json) {
        this.json = json;
    }

    /** A table: column names and rows of values (strings, numbers, booleans). */
    void table(List<String> columns, List<List<Object>> rows) {
        if (json) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (List<Object> row : rows) {
                Map<String, Object> o = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    o.put(columns.get(i), row.get(i));
                }
                objects.add(o);
            }
            println(Json.write(objects));
            return;
        }
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
        }
        for (List<Object> row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                width[i] = Math.max(width[i], text(row.get(i)).length());
            }
        }
        println(line(columns.stream().map(c -> (Object) c).toList(), width));
        for (List<Object> row : rows) {
            println(line(row, width));
        }
    }

    /** Named values of one object: "name : value" lines, or a JSON object. */
    void values(Map<String, Object> values) {
        if (json) {
            println(Json.write(values));
            return;
        }
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (var e : values.entrySet()) {
            println(String.format("%-" + width + "s : %s", e.getKey(), text(e.getValue())));
        }
    }

    /** Any JSON-able structure (maps and lists), or in text mode the given text. */
    void document(Object jsonValue, String text) {
        if (json) {
            println(Json.write(jsonValue));
        } else if (!text.isEmpty()) {
            println(text);
        }
    }

    /** A line for humans only (a summary under a table, "OK"); left out in JSON mode. */
    void note(String text) {
        if (!json) {
            println(text);
        }
    }

    void error(String message) {
        err.println("ERROR: " + message);
        err.flush();
    }

    void println(String s) {
        out.println(s);
        out.flush();
    }

    private static String line(List<Object> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String t = text(cells.get(i));
            sb.append(t);
            if (i + 1 < cells.size()) {
                sb.append(" ".repeat(width[i] - t.length() + 2));
            }
        }
        return sb.toString();
    }

    private static String text(Object o) {
        return o == null ? "-" : o.toString();
    }
}
