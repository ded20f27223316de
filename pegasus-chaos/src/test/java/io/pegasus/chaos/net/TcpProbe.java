package io.pegasus.chaos.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A tiny program run inside a network namespace by {@link NamespaceNetworkTest}: {@code listen HOST PORT} accepts
 * connections and writes one byte on each; {@code connect HOST PORT TIMEOUT_MS} prints OK, TIMEOUT or REFUSED and
 * exits.
 */
public final class TcpProbe {
    private TcpProbe() {}

    public static void main(String[] args) throws IOException {
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        if (args[0].equals("listen")) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(host, port));
                System.out.println("LISTENING");
                System.out.flush();
                while (true) {
                    try (Socket c = s.accept()) {
                        c.getOutputStream().write(1);
                    }
                }
            }
        }
        int timeout = Integer.parseInt(args[3]);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeout);
            s.setSoTimeout(timeout);
            System.out.println(s.getInputStream().read() == 1 ? "OK" : "EOF");
        } catch (SocketTimeoutException e) {
            System.out.println("TIMEOUT");
        } catch (IOException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
