package dev.gatehouse.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One client connection speaking HTTP/1.x by hand over a plain socket, so a test controls every
 * byte it sends (including malformed ones) and sees every byte it gets back.
 *
 * <p>Every read is bounded by {@link #READ_TIMEOUT}: a gateway that hangs makes the test fail
 * with a {@link SocketTimeoutException} instead of blocking the build.
 */
public final class RawHttpClient implements AutoCloseable {

    /** The longest any single read waits. Generous: it only bounds a hang, it never paces a test. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    /** Receives body bytes as they arrive (the array is reused: copy what you keep). */
    @FunctionalInterface
    public interface BodySink {
        void accept(byte[] buffer, int offset, int length) throws IOException;
    }

    /** A response head as read off the wire; header names keep their case, lookups ignore it. */
    public record Head(String statusLine, int status, List<Map.Entry<String, String>> headerList) {

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            for (Map.Entry<String, String> h : headerList) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        /** Every value of header {@code name}, in order. */
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> h : headerList) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    values.add(h.getValue());
                }
            }
            return values;
        }

        /** Header names in lower case, in order. */
        public List<String> headerNames() {
            return headerList.stream().map(h -> h.getKey().toLowerCase(Locale.ROOT)).toList();
        }

        public boolean isChunked() {
            String te = header("transfer-encoding");
            return te != null && te.trim().equalsIgnoreCase("chunked");
        }

        /** The Content-Length, or -1 when there is none. */
        public long contentLength() {
            String cl = header("content-length");
            return cl == null ? -1 : Long.parseLong(cl.trim());
        }
    }

    /** A whole response: its head and its body. */
    public record Response(Head head, byte[] body) {

        public int status() {
            return head.status();
        }

        public String header(String name) {
            return head.header(name);
        }

        public List<String> headers(String name) {
            return head.headers(name);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return head.statusLine() + " " + head.headerList() + " body=" + text();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects to {@code 127.0.0.1:port}. */
    public RawHttpClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** Connects to {@code 127.0.0.1:port} from {@code sourceAddress} (e.g. 127.0.0.2, to test IP lists). */
    public RawHttpClient(int port, String sourceAddress) throws IOException {
        socket = new Socket();
        socket.bind(new java.net.InetSocketAddress(sourceAddress, 0));
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** A minimal {@code GET path HTTP/1.1} with {@code Host: host}. */
    public static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }

    /** A minimal {@code GET path HTTP/1.1} with {@code Host: test}. */
    public static String get(String path) {
        return get(path, "test");
    }

    /** Changes how long each read may wait (to fail sooner where an answer is known to be quick). */
    public RawHttpClient readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        return this;
    }

    public Socket socket() {
        return socket;
    }

    public OutputStream output() {
        return out;
    }

    public InputStream input() {
        return in;
    }

    /** Writes {@code text} (ISO-8859-1, so every char is one byte) and flushes. */
    public RawHttpClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttpClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends {@code request} and reads one response (not to a HEAD request). */
    public Response exchange(String request) throws IOException {
        send(request);
        return readResponse();
    }

    /** Reads one response (1xx included: the caller reads again for the final one). */
    public Response readResponse() throws IOException {
        return readResponse(false);
    }

    /** Reads one response; {@code toHead}: it answers a HEAD request, so no body follows. */
    public Response readResponse(boolean toHead) throws IOException {
        Head head = readHead();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        readBody(head, toHead, body::write);
        return new Response(head, body.toByteArray());
    }

    /** Reads a status line and headers, up to and including the empty line. */
    public Head readHead() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not a status line: \"" + statusLine + "\"");
        }
        int status = Integer.parseInt(parts[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a header line: \"" + line + "\"");
            }
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).trim()));
        }
        return new Head(statusLine, status, List.copyOf(headers));
    }

    /**
     * Streams the body that follows {@code head} into {@code sink}, framed as the head says
     * (chunked, Content-Length, or until the connection closes); returns its length.
     */
    public long readBody(Head head, boolean toHead, BodySink sink) throws IOException {
        int status = head.status();
        if (toHead || (status >= 100 && status < 200) || status == 204 || status == 304) {
            return 0;
        }
        if (head.isChunked()) {
            return readChunked(sink);
        }
        long length = head.contentLength();
        if (length >= 0) {
            return readExactly(length, sink);
        }
        return readToEnd(sink);
    }

    /**
     * Whether the server closed the connection: reads (and discards) until end of stream, a
     * reset, or {@link #READ_TIMEOUT}; true for the first two, false when the connection stayed open.
     */
    public boolean closedByServer() throws IOException {
        byte[] scratch = new byte[8192];
        try {
            while (true) {
                if (in.read(scratch) == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            // A reset is the server closing too (it closes with our bytes still unread).
            return true;
        }
    }

    /** Whether {@link #closedByServer} would see the end of stream within {@code wait}. */
    public boolean closedByServerWithin(Duration wait) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            return closedByServer();
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(previous);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private long readChunked(BodySink sink) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers: skipped
                }
                return total;
            }
            total += readExactly(size, sink);
            String end = line();
            if (!end.isEmpty()) {
                throw new IOException("chunk not followed by CRLF but \"" + end + "\"");
            }
        }
    }

    private long readExactly(long length, BodySink sink) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n == -1) {
                throw new EOFException("connection closed with " + left + " of " + length + " body bytes missing");
            }
            sink.accept(buffer, 0, n);
            left -= n;
        }
        return length;
    }

    private long readToEnd(BodySink sink) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            sink.accept(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed after \"" + line + "\"");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }
}
