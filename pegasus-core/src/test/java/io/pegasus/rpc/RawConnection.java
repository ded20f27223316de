package io.pegasus.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A plain socket for sending hand-made (and broken) bytes to a server and reading whatever comes back. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawConnection(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 2000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads until the peer closes or {@code timeoutMs} passes; returns what arrived and whether the peer closed. */
    Result readUntilClosed(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return new Result(got.toByteArray(), true);
                }
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            return new Result(got.toByteArray(), false);
        } catch (java.net.SocketException e) {
            return new Result(got.toByteArray(), true); // reset by peer
        }
    }

    /** Reads exactly one response frame (blocking up to timeoutMs). */
    byte[] readFrame(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        byte[] len = in.readNBytes(4);
        if (len.length < 4) {
            throw new IOException("connection closed");
        }
        int total = ((len[0] & 0xFF) << 24) | ((len[1] & 0xFF) << 16) | ((len[2] & 0xFF) << 8) | (len[3] & 0xFF);
        byte[] rest = in.readNBytes(total - 4);
        byte[] frame = new byte[total];
        System.arraycopy(len, 0, frame, 0, 4);
        System.arraycopy(rest, 0, frame, 4, rest.length);
        return frame;
    }

    record Result(byte[] bytes, boolean closed) {}

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
