package io.zerone.insights.query.cache;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of the real database whose open connections can be made to stop answering without closing,
 * as a firewall or a load balancer that dropped them as idle leaves them: what either side sends is accepted and
 * never delivered, and neither side is told. Connections made afterwards are forwarded as before.
 */
final class StallingProxy implements AutoCloseable {

    private final String host;
    private final int port;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Set<Socket> stalled = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "stalling-proxy");
        thread.setDaemon(true);
        return thread;
    });

    StallingProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on the connections open now deliver nothing, in either direction, and stay open. */
    void stallOpenConnections() {
        stalled.addAll(open);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, port);
                open.add(client);
                threads.execute(() -> forward(client, upstream, client));
                threads.execute(() -> forward(upstream, client, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void forward(Socket from, Socket to, Socket connection) {
        byte[] buffer = new byte[16 * 1024];
        try (from; to) {
            for (int read; (read = from.getInputStream().read(buffer)) >= 0; ) {
                if (!stalled.contains(connection)) {
                    to.getOutputStream().write(buffer, 0, read);
                }
            }
        } catch (IOException closed) {
            // either side closed: both sockets are closed on the way out, and the other direction ends too
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        threads.shutdownNow();
    }
}
