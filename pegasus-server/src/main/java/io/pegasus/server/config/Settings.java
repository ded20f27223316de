package io.pegasus.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from the server configuration file (Java properties, shared by MetaServer and ReplicaServer; every
 * key is documented in docs/configuration.md). A key this server owns but does not know is an error, so a typo
 * does not silently fall back to a default.
 */
public final class Settings {
    private final Map<String, String> values;

    public Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Map<String, String> readFile(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> out = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k).trim());
        }
        return out;
    }

    public String string(String key, String dflt) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? dflt : v;
    }

    public long longValue(String key, long dflt) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key " + key + ": not a number: " + v, e);
        }
    }

    public int intValue(String key, int dflt) {
        long v = longValue(key, dflt);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("config key " + key + ": out of range: " + v);
        }
        return (int) v;
    }

    public boolean booleanValue(String key, boolean dflt) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("config key " + key + ": not true or false: " + v);
        };
    }

    public boolean has(String key) {
        String v = values.get(key);
        return v != null && !v.isEmpty();
    }

    /** Keys starting with one of {@code prefixes} that are not in {@code known}. */
    public Set<String> unknownKeys(Set<String> prefixes, Set<String> known) {
        Set<String> out = new TreeSet<>();
        for (String k : values.keySet()) {
            for (String p : prefixes) {
                if (k.startsWith(p) && !known.contains(k)) {
                    out.add(k);
                }
            }
        }
        return out;
    }
}
