package io.pegasus.server.meta;

import io.pegasus.thrift.rpc_address;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MetaServer election on ZooKeeper (Curator {@link LeaderLatch}, participant id = the MetaServer's "ip:port").
 *
 * <p>Leadership is lost as soon as the ZooKeeper connection is SUSPENDED, before the session can expire and a
 * successor be elected, so two MetaServers never both act as leader (writes are also fenced, see {@link MetaStore}).
 * The current leader's address is refreshed in the background for the followers' ERR_FORWARD_TO_OTHERS answers.
 */
final class Leadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    private static final long REJOIN_DELAY_MS = 500;

    interface Listener {
        void elected();

        void deposed(String why);
    }

    private final CuratorFramework zk;
    private final String path;
    private final String id;
    private final Listener listener;
    private final ScheduledExecutorService executor;
    /** Separate from {@link #executor}: a leader lookup blocked on ZooKeeper must not delay election callbacks. */
    private final ScheduledExecutorService refresher;

    private final ConnectionStateListener connectionListener;
    private LeaderLatch latch; // guarded by this
    private boolean closed; // guarded by this
    private volatile rpc_address leader = PartitionConfig.NONE;

    Leadership(CuratorFramework zk, String path, String id, Listener listener) {
        this.zk = zk;
        this.path = path;
        this.id = id;
        this.listener = listener;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meta-election-" + id);
            t.setDaemon(true);
            return t;
        });
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meta-leader-lookup-" + id);
            t.setDaemon(true);
            return t;
        });
        this.connectionListener = (client, state) -> {
            if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
                leader = PartitionConfig.NONE;
                listener.deposed("ZooKeeper connection " + state);
            }
        };
    }

    void start(long refreshIntervalMs) throws Exception {
        zk.getConnectionStateListenable().addListener(connectionListener);
        synchronized (this) {
            newLatch();
        }
        refresher.scheduleWithFixedDelay(this::refreshLeader, 0, refreshIntervalMs, TimeUnit.MILLISECONDS);
    }

    private void newLatch() throws Exception {
        LeaderLatch l = new LeaderLatch(zk, path, id, LeaderLatch.CloseMode.SILENT);
        l.addListener(
                new LeaderLatchListener() {
                    @Override
                    public void isLeader() {
                        leader = rpc_address.parse(id);
                        listener.elected();
                    }

                    @Override
                    public void notLeader() {
                        listener.deposed("no longer holds the election latch");
                    }
                },
                executor);
        l.start();
        latch = l;
    }

    /**
     * Gives up leadership (if held) and joins the election again, at the back, after a short pause so that a
     * MetaServer whose takeover keeps failing does not spin through elections.
     */
    void rejoin() {
        executor.schedule(this::doRejoin, REJOIN_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private void doRejoin() {
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                latch.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("closing the election latch of {}: {}", id, e.toString());
            }
            try {
                newLatch();
            } catch (Exception e) {
                LOG.error("{} cannot re-join the election", id, e);
            }
        }
    }

    /** The leader's address as last seen, all-zero when unknown. */
    rpc_address leader() {
        return leader;
    }

    private void refreshLeader() {
        LeaderLatch l;
        synchronized (this) {
            l = latch;
        }
        try {
            Participant p = l.getLeader();
            leader = p.isLeader() && !p.getId().isEmpty() ? rpc_address.parse(p.getId()) : PartitionConfig.NONE;
        } catch (Exception e) {
            leader = PartitionConfig.NONE;
        }
    }

    /** Stops every thread without touching ZooKeeper (the session is being abandoned). */
    void abandon() {
        zk.getConnectionStateListenable().removeListener(connectionListener);
        synchronized (this) {
            closed = true;
        }
        executor.shutdownNow();
        refresher.shutdownNow();
    }

    @Override
    public void close() {
        zk.getConnectionStateListenable().removeListener(connectionListener);
        synchronized (this) {
            closed = true;
            if (latch != null) {
                try {
                    latch.close();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("closing the election latch of {}: {}", id, e.toString());
                }
            }
        }
        executor.shutdownNow();
        refresher.shutdownNow();
    }
}
