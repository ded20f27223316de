package io.pegasus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The driver's handle on one {@link CellWorker} JVM: sends a command, waits for its result line. */
final class Worker implements AutoCloseable {
    private final SystemUnderTest system;
    private final Process process;
    private final Writer commands;
    private final BufferedReader results;

    Worker(SystemUnderTest system, String classpath, String heap, Properties base, Path log) throws IOException {
        this.system = system;
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-cp",
                classpath,
                CellWorker.class.getName(),
                system.label));
        base.stringPropertyNames().forEach(k -> cmd.add(k + "=" + base.getProperty(k)));
        process = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        results = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs one command; a failed cell is reported as a row with no operations, and the run goes on. */
    RunResult execute(String command, String workload, int threads) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        String line;
        while ((line = results.readLine()) != null) {
            if (line.startsWith("RESULT ")) {
                return ResultCsv.parse(line.substring("RESULT ".length()));
            }
            if (line.startsWith("FAILED ")) {
                System.err.println(system.label + " " + command + ": " + line);
                return new RunResult(system.label, workload, threads, 0, 0, 0, 0, 0, 0, 0, Double.NaN);
            }
        }
        throw new IOException("the " + system.label + " worker ended (see its log)");
    }

    @Override
    public void close() throws InterruptedException {
        try {
            commands.write("quit\n");
            commands.flush();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
