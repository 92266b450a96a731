package dev.gatehouse.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on a plain {@link ServerSocket} that records exactly what reached it: every byte on
 * every connection (even of a request it never saw whole), the requests it could frame, and how
 * many connections it accepted. How it answers is up to a {@link Responder}, so a test can make
 * it misbehave in ways a real HTTP server library would not (close early, reset, odd headers).
 *
 * <p>One thread per connection: simple, and plenty for the few connections a test makes.
 */
public final class RecordingBackend implements AutoCloseable {

    /** One request as the backend received it; header names keep their case, lookups ignore it. */
    public record RecordedRequest(String requestLine, List<Map.Entry<String, String>> headerList, byte[] body) {

        public String method() {
            return requestLine.split(" ", 3)[0];
        }

        public String target() {
            return requestLine.split(" ", 3)[1];
        }

        public String header(String name) {
            for (Map.Entry<String, String> h : headerList) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        public List<String> headers(String name) {
            return headerList.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        /** Header names in lower case, in order. */
        public List<String> headerNames() {
            return headerList.stream().map(h -> h.getKey().toLowerCase(Locale.ROOT)).toList();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Decides how one request is answered. */
    @FunctionalInterface
    public interface Responder {

        /**
         * Answers {@code request} (written on {@code out}, which belongs to {@code socket});
         * returns whether to keep the connection for another request.
         */
        boolean respond(RecordedRequest request, Socket socket, OutputStream out) throws IOException;

        /** Always writes {@code rawResponse} as it is and keeps the connection. */
        static Responder fixed(String rawResponse) {
            byte[] bytes = rawResponse.getBytes(StandardCharsets.ISO_8859_1);
            return (request, socket, out) -> {
                out.write(bytes);
                out.flush();
                return true;
            };
        }

        /** 200 with a small text body naming the request target, keep-alive. */
        static Responder ok() {
            return (request, socket, out) -> {
                byte[] body = ("ok " + request.target()).getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return true;
            };
        }

        /** 200 as {@link #ok()} but announcing {@code Connection: close}, then closing. */
        static Responder okThenClose() {
            return (request, socket, out) -> {
                byte[] body = ("ok " + request.target()).getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return false;
            };
        }

        /** 200 as {@link #ok()}, then closes without having said so (a keep-alive that goes stale). */
        static Responder okThenSilentlyClose() {
            Responder ok = ok();
            return (request, socket, out) -> {
                ok.respond(request, socket, out);
                return false;
            };
        }

        /** Reads the request and closes the connection without answering anything. */
        static Responder closeWithoutAnswer() {
            return (request, socket, out) -> false;
        }

        /** Writes {@code partial} (a response cut short) and then resets the connection (RST). */
        static Responder resetAfter(String partial) {
            byte[] bytes = partial.getBytes(StandardCharsets.ISO_8859_1);
            return (request, socket, out) -> {
                out.write(bytes);
                out.flush();
                socket.setSoLinger(true, 0);
                return false;
            };
        }

        /**
         * 200 with a body of {@code length} filler bytes, written as fast as the gateway takes
         * them; a failed write (the gateway gave the connection up) ends the connection.
         */
        static Responder large(long length) {
            return (request, socket, out) -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                byte[] block = new byte[16 * 1024];
                Arrays.fill(block, (byte) 'z');
                for (long sent = 0; sent < length; sent += block.length) {
                    out.write(block, 0, (int) Math.min(block.length, length - sent));
                }
                out.flush();
                return true;
            };
        }

        /** Writes {@code partial} (a response cut short) and then closes the connection normally (FIN). */
        static Responder closeAfter(String partial) {
            byte[] bytes = partial.getBytes(StandardCharsets.ISO_8859_1);
            return (request, socket, out) -> {
                out.write(bytes);
                out.flush();
                return false;
            };
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recording-backend");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile Responder responder;
    private volatile boolean closed;

    private RecordingBackend(ServerSocket server, Responder responder) {
        this.server = server;
        this.responder = responder;
    }

    /** Starts listening on {@code 127.0.0.1} on a port the system picks. */
    public static RecordingBackend start(Responder responder) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        RecordingBackend backend = new RecordingBackend(server, responder);
        backend.threads.execute(backend::acceptLoop);
        return backend;
    }

    /** Starts a backend answering {@link Responder#ok()}. */
    public static RecordingBackend start() throws IOException {
        return start(Responder.ok());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Changes how the following requests are answered. */
    public void respondWith(Responder next) {
        this.responder = next;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections still open (accepted and not yet closed by either side). */
    public int openConnections() {
        return sockets.size();
    }

    /** The requests received whole so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Every byte received on every connection so far, as ISO-8859-1 text. */
    public String receivedText() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The number of bytes received on every connection so far. */
    public int receivedBytes() {
        synchronized (received) {
            return received.size();
        }
    }

    /** Forgets what was recorded so far (counts, requests and bytes). */
    public void reset() {
        synchronized (received) {
            received.reset();
        }
        requests.clear();
        connections.set(0);
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            sockets.add(socket);
            threads.execute(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            // Recorded below the buffer: whatever the socket delivered counts, read by the parser or not.
            InputStream in = new BufferedInputStream(new RecordingInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                RecordedRequest request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                if (!responder.respond(request, socket, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The gateway closed or reset the connection: nothing more to record.
        } finally {
            sockets.remove(socket);
        }
    }

    /** Reads one request; null when the connection ended before a request began. */
    private static RecordedRequest readRequest(InputStream in) throws IOException {
        String requestLine = line(in, true);
        if (requestLine == null) {
            return null;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = line(in, false); !line.isEmpty(); line = line(in, false)) {
            int colon = line.indexOf(':');
            headers.add(colon < 0 ? Map.entry(line, "") : Map.entry(line.substring(0, colon), line.substring(colon + 1).trim()));
        }
        RecordedRequest head = new RecordedRequest(requestLine, List.copyOf(headers), new byte[0]);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String te = head.header("transfer-encoding");
        String cl = head.header("content-length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sizeLine = line(in, false);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!line(in, false).isEmpty()) {
                        // trailers: skipped
                    }
                    break;
                }
                body.write(readN(in, size));
                line(in, false);
            }
        } else if (cl != null) {
            body.write(readN(in, Integer.parseInt(cl.trim())));
        }
        return new RecordedRequest(requestLine, head.headerList(), body.toByteArray());
    }

    private static byte[] readN(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("connection closed inside a body");
        }
        return bytes;
    }

    /** One CRLF-terminated line; null at end of stream only when {@code eofOk} and nothing was read. */
    private static String line(InputStream in, boolean eofOk) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (eofOk && line.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a request");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    /** Copies every byte read into {@link #received}. */
    private final class RecordingInputStream extends FilterInputStream {

        RecordingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                synchronized (received) {
                    received.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                synchronized (received) {
                    received.write(b, off, n);
                }
            }
            return n;
        }
    }
}
