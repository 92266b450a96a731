package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * Copies of a request body kept, up to a bound, so that the request can be sent again to another
 * backend. A body larger than the bound is not kept at all: such a request is never retried
 * once sent (convention 9: retry only what can be replayed exactly).
 */
final class HeldBody {

    static final int MAX_BYTES = 64 * 1024;

    // Made for the first part with bytes: a bodyless request (most retried ones) holds nothing.
    private ArrayDeque<HttpContent> parts;
    // Whether the body ended with a bare last part (no bytes, no trailers), replayed as the shared one.
    private boolean endsBare;
    private long bytes;
    private boolean overflowed;

    /** Keeps a copy of {@code content} (the caller still owns {@code content} itself). */
    void hold(HttpContent content) {
        if (overflowed) {
            return;
        }
        bytes += content.content().readableBytes();
        if (bytes > MAX_BYTES) {
            overflowed = true;
            release();
            return;
        }
        if (content instanceof LastHttpContent last && !content.content().isReadable()
                && last.trailingHeaders().isEmpty()) {
            endsBare = true;
            return;
        }
        if (parts == null) {
            parts = new ArrayDeque<>(2);
        }
        parts.add(content.retainedDuplicate());
    }

    /** Whether every part seen so far is held. */
    boolean isReplayable() {
        return !overflowed;
    }

    /** Fresh copies of the held parts, for one more send; the held ones stay for later tries. */
    ArrayDeque<HttpContent> replay() {
        ArrayDeque<HttpContent> copy = new ArrayDeque<>(parts == null ? 1 : parts.size() + 1);
        if (parts != null) {
            for (HttpContent part : parts) {
                copy.add(part.retainedDuplicate());
            }
        }
        if (endsBare) {
            copy.add(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        return copy;
    }

    void release() {
        if (parts == null) {
            return;
        }
        HttpContent part;
        while ((part = parts.poll()) != null) {
            part.release();
        }
    }
}
