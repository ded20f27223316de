package io.pegasus.chaos.cluster;

/** The three kinds of process a cluster is made of, with the main class and port each runs on its host. */
public enum NodeKind {
    ZOOKEEPER("io.pegasus.server.zk.ZooKeeperMain", 2181),
    META("io.pegasus.server.meta.MetaServerMain", 34601),
    REPLICA("io.pegasus.server.replica.ReplicaServerMain", 34801);

    private final String mainClass;
    private final int port;

    NodeKind(String mainClass, int port) {
        this.mainClass = mainClass;
        this.port = port;
    }

    public String mainClass() {
        return mainClass;
    }

    /** Every process has a host (address) of its own, so each kind can use its usual port everywhere. */
    public int port() {
        return port;
    }
}
