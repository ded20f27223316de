package io.pegasus.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.testing.MiniCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shell run one-shot ({@code -e}) against a real MiniCluster, as a script would: output and exit status. */
class ShellIT {
    private static MiniCluster cluster;

    record Result(int status, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        cluster = MiniCluster.builder().replicaServers(3).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--meta", cluster.metaServerList(), "--timeout-ms", "20000"));
        all.addAll(List.of(args));
        int status = ShellMain.run(
                all.toArray(new String[0]),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs the commands with -e and requires success. */
    static String ok(String commands, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.add("-e");
        args.add(commands);
        Result r = run("", args.toArray(new String[0]));
        assertThat(r.status())
                .as("status of '%s'; stderr: %s", commands, r.err())
                .isZero();
        return r.out();
    }

    @Test
    void tablesAreCreatedListedInspectedDroppedAndRecalled() {
        String created = ok("create shell_t1 -p 4 -r 3");
        assertThat(created).contains("app_name", "shell_t1", "partition_count", "4");
        assertThat(ok("ls")).contains("shell_t1", "AVAILABLE");
        assertThat(ok("ls -d")).containsPattern("shell_t1\\s+pegasus\\s+4\\s+3.*\\s4\\s+0\\s+0\\s*\\n");
        String app = ok("app shell_t1 -d");
        assertThat(app).contains("fully_healthy", "pidx", "ballot", "primary", "secondaries", "last_committed_decree");
        assertThat(app.lines().filter(l -> l.matches("^[0-3]\\s+\\d+\\s+3/3\\s+127\\.0\\.0\\.1:\\d+.*healthy$")))
                .hasSize(4);
        String json = ok("app shell_t1 -d", "--json");
        assertThat(json.trim()).startsWith("{").endsWith("}").contains("\"partitions\":[{\"pidx\":0,");

        ok("drop shell_t1 -r 3600");
        assertThat(ok("ls")).doesNotContain("shell_t1");
        String all = ok("ls -a");
        String line =
                all.lines().filter(l -> l.contains("shell_t1")).findFirst().orElseThrow();
        assertThat(line).contains("DROPPED");
        String id = line.trim().split("\\s+")[0];
        assertThat(ok("recall " + id + " shell_t1b")).contains("shell_t1b");
        assertThat(ok("ls")).contains("shell_t1b");
    }

    @Test
    void dataCommandsGoThroughTheClientWithBinaryKeysEscaped() {
        ok("create shell_data -p 4 -r 3");
        assertThat(ok("use shell_data; set h1 s1 v1; get h1 s1")).contains("OK", "v1");
        assertThat(ok("use shell_data; get h1 nosuch")).contains("Not found");
        assertThat(ok("use shell_data; exist h1 s1; ttl h1 s1")).contains("true", "Infinite");
        // binary keys and values: typed with \xNN, shown the same way
        ok("use shell_data; set 'bin\\x00key' s '\\xff\\x01value'");
        assertThat(ok("use shell_data; get 'bin\\x00key' s")).contains("\\xff\\x01value");
        assertThat(ok("use shell_data; full_scan")).contains("bin\\x00key", "\\xff\\x01value");

        ok("use shell_data; multi_set mh a 1 b 2 c 3 d 4");
        assertThat(ok("use shell_data; count mh")).contains("4");
        assertThat(ok("use shell_data; multi_get mh a c")).contains("2 record(s)");
        String range = ok("use shell_data; multi_get_range mh b d --stop-inclusive");
        assertThat(range).contains("3 record(s)");
        assertThat(range.lines().filter(l -> l.startsWith("mh")).map(l -> l.split("\\s+")[1]))
                .containsExactly("b", "c", "d");
        assertThat(ok("use shell_data; hash_scan mh '' ''")).contains("4 record(s)");
        ok("use shell_data; multi_del mh a b");
        assertThat(ok("use shell_data; count mh")).contains("2");

        assertThat(ok("use shell_data; incr counter c 5; incr counter c")).contains("5", "6");
        String cas = ok("use shell_data; check_and_set h1 -c s1 -t value_bytes_equal -o v1 -s s2 -v new -r");
        assertThat(cas).contains("set_succeed", "true", "check_value", "v1");
        assertThat(ok("use shell_data; check_and_set h1 -c s1 -t value_not_exist -s s3 -v x"))
                .containsPattern("set_succeed\\s*:\\s*false");
        ok("use shell_data; del h1 s2");
        assertThat(ok("use shell_data; get h1 s2")).contains("Not found");

        assertThat(ok("use shell_data; count_data")).containsPattern("record_count\\s*:\\s*\\d+");
        ok("create shell_copy -p 2 -r 3");
        String copied = ok("use shell_data; copy_data -t shell_copy");
        String countSource = ok("use shell_data; count_data");
        String countTarget = ok("use shell_copy; count_data");
        assertThat(number(countTarget, "record_count")).isEqualTo(number(countSource, "record_count"));
        assertThat(number(copied, "copied")).isEqualTo(number(countSource, "record_count"));

        String json = ok("use shell_data; get h1 s1", "--json");
        assertThat(json).contains("{\"hash_key\":\"h1\",\"sort_key\":\"s1\",\"found\":true,\"value\":\"v1\"}");
    }

    private static long number(String out, String name) {
        return out.lines()
                .filter(l -> l.startsWith(name))
                .map(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void clusterCommands() {
        String nodes = ok("nodes -d");
        assertThat(nodes).contains("draining", "disk_low");
        assertThat(nodes.lines().filter(l -> l.contains("ALIVE") && l.contains("false")))
                .hasSize(3);
        assertThat(nodes).contains("total 3 nodes, 3 alive");
        String info = ok("cluster_info");
        assertThat(info).containsPattern("replica_servers_alive\\s*:\\s*3").contains("primary_meta_server");
        assertThat(ok("server_info")).contains("leader", "replica");
        assertThat(ok("get_meta_level")).contains("steady");
        assertThat(ok("set_meta_level freezed; get_meta_level")).contains("old_meta_level", "freezed");
        Result refused = run("", "-e", "balance");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("ERR_STATE_FREEZED");
        assertThat(ok("set_meta_level steady")).contains("steady");
        assertThat(ok("balance --dry-run")).contains("0 move(s) in flight");

        String node = nodes.lines()
                .filter(l -> l.contains("ALIVE"))
                .findFirst()
                .orElseThrow()
                .trim()
                .split("\\s+")[0];
        assertThat(ok("drain " + node + " --cancel")).containsPattern("draining\\s*:\\s*false");
        Result unknown = run("", "-e", "drain 127.0.0.1:1");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("ERR_OBJECT_NOT_FOUND");
        assertThat(ok("nodes", "--json")).startsWith("[{\"address\":");
    }

    @Test
    void appEnvsAreSetReadAndDeleted() {
        ok("create shell_envs -p 1 -r 3");
        assertThat(ok("use shell_envs; app_envs set rocksdb.usage_scenario bulk_load; app_envs get"))
                .contains("rocksdb.usage_scenario", "bulk_load");
        assertThat(ok("app_envs -t shell_envs set k2 v2")).contains("k2");
        assertThat(ok("app_envs -t shell_envs del rocksdb.usage_scenario")).doesNotContain("bulk_load");
        assertThat(ok("app shell_envs")).contains("{k2=v2}");
        assertThat(ok("app_envs -t shell_envs clear")).doesNotContain("k2");
    }

    @Test
    void failuresAreClearAndMakeTheExitStatusNonZero() {
        Result noTable = run("", "-e", "use no_such_table");
        assertThat(noTable.status()).isEqualTo(1);
        assertThat(noTable.err()).startsWith("ERROR: ").contains("no_such_table");

        Result notChosen = run("", "-e", "get a b");
        assertThat(notChosen.status()).isEqualTo(1);
        assertThat(notChosen.err()).contains("use <table>");

        Result unknown = run("", "-e", "frobnicate");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'");

        Result missing = run("", "-e", "set only_hash_key");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("ERROR: ", "usage: set");

        // the commands after a failure do not run
        Result stops = run("", "-e", "get_meta_level; use no_such_table; ls");
        assertThat(stops.status()).isEqualTo(1);
        assertThat(stops.out()).contains("meta_level").doesNotContain("table(s)");

        Result badMeta = run("", "--meta", "not-an-address", "-e", "ls");
        assertThat(badMeta.status()).isNotZero();
        assertThat(badMeta.err()).contains("not an ip:port address");
    }

    @Test
    void aScriptOnStandardInputRunsLineByLine() {
        Result r = run("# comment\nget_meta_level\n\nnodes\nexit\nls\n");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("meta_level", "ALIVE").doesNotContain("table(s)");
    }
}
