package io.pegasus.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.function.UnaryOperator;

/** Clients with test-friendly settings (short timeouts, few threads) for the network tests. */
final class TestClients {
    private TestClients() {}

    static PegasusClient client(String metaList) {
        return client(metaList, b -> b);
    }

    static PegasusClient client(String metaList, UnaryOperator<ClientOptions.Builder> tweak) {
        ClientOptions.Builder b = ClientOptions.builder()
                .metaServers(metaList)
                .operationTimeoutMs(1000)
                .metaQueryTimeoutMs(1000)
                .serviceNotActiveDelayMs(50)
                .adminPollIntervalMs(20)
                .ioThreads(1)
                .callbackThreads(2);
        return PegasusClient.create(tweak.apply(b).build());
    }

    /** "127.0.0.1:p" where nothing listens (connections are refused at once). */
    static String deadAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }
}
