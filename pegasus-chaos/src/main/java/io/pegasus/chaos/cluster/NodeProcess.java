package io.pegasus.chaos.cluster;

import io.pegasus.chaos.net.Shell;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server process of the cluster: started with a fixed command line (so a restart is the same process with the
 * same data folder and address), killed with SIGKILL, stopped with SIGTERM, paused with SIGSTOP and resumed with
 * SIGCONT. Its output is appended to {@code <dir>/server.log}. Thread-safe.
 */
public final class NodeProcess {
    private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);

    /** What the process is doing, as far as this harness made it. */
    public enum State {
        STOPPED,
        RUNNING,
        PAUSED
    }

    private final String name;
    private final NodeKind kind;
    private final String host;
    private final int port;
    private final Path dir;
    private final List<String> command;
    private Process process;
    private State state = State.STOPPED;
    private int starts;

    NodeProcess(String name, NodeKind kind, String host, int port, Path dir, List<String> command) {
        this.name = name;
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.command = List.copyOf(command);
    }

    public String name() {
        return name;
    }

    public NodeKind kind() {
        return kind;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** "ip:port", how the cluster names this server. */
    public String address() {
        return host + ":" + port;
    }

    public Path dir() {
        return dir;
    }

    /** Where a ReplicaServer keeps its replicas, a ZooKeeper its snapshots. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path logFile() {
        return dir.resolve("server.log");
    }

    public synchronized State state() {
        if (state != State.STOPPED && !process.isAlive()) {
            state = State.STOPPED;
        }
        return state;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** How many times this process was started. */
    public synchronized int starts() {
        return starts;
    }

    /** Starts the process (if it is not running) without waiting for it to listen. */
    public synchronized void start() throws IOException {
        if (state() != State.STOPPED) {
            return;
        }
        Files.createDirectories(dir);
        Files.writeString(
                logFile(),
                "---- start " + (starts + 1) + ": " + String.join(" ", command) + "\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        process.getOutputStream().close();
        starts++;
        state = State.RUNNING;
        LOG.info("started {} ({}, pid {})", name, address(), process.pid());
    }

    /** Waits until the server accepts connections on its port, or fails when it exits or the time runs out. */
    public void awaitListening(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException e) {
                if (state() == State.STOPPED) {
                    throw new IllegalStateException(name + " exited while starting; see " + logFile());
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException(
                            name + " does not listen on " + address() + " after " + timeout + "; see " + logFile());
                }
                Thread.sleep(100);
            }
        }
    }

    /** SIGKILL: the process dies at once, losing whatever it had not written. */
    public synchronized void kill() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            state = State.STOPPED;
            return;
        }
        process.destroyForcibly();
        process.waitFor();
        state = State.STOPPED;
        LOG.info("killed {} (pid {})", name, process.pid());
    }

    /** SIGTERM and wait for a clean exit (SIGKILL after {@code timeout}). A paused process is resumed first. */
    public synchronized void stop(Duration timeout) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            state = State.STOPPED;
            return;
        }
        if (state == State.PAUSED) {
            Shell.signal(process.pid(), "CONT");
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("{} did not stop within {}; killing it", name, timeout);
            process.destroyForcibly();
            process.waitFor();
        }
        state = State.STOPPED;
        LOG.info("stopped {} (pid {}, exit {})", name, process.pid(), process.exitValue());
    }

    /** SIGSTOP: the process freezes; its sockets stay open and the kernel keeps queueing what arrives. */
    public synchronized void pause() {
        if (state() != State.RUNNING) {
            throw new IllegalStateException(name + " is not running");
        }
        if (!Shell.signal(process.pid(), "STOP")) {
            throw new IllegalStateException("cannot pause " + name);
        }
        state = State.PAUSED;
        LOG.info("paused {} (pid {})", name, process.pid());
    }

    /** SIGCONT. */
    public synchronized void resume() {
        if (state() != State.PAUSED) {
            return;
        }
        Shell.signal(process.pid(), "CONT");
        state = State.RUNNING;
        LOG.info("resumed {} (pid {})", name, process.pid());
    }

    @Override
    public String toString() {
        return name + "(" + address() + ")";
    }
}
