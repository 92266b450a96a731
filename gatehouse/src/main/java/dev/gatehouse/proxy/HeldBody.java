package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpContent;
import java.util.ArrayDeque;

/**
 * Copies of a request body kept, up to a bound, so that the request can be sent again to another
 * backend. A body larger than the bound is not kept at all: such a request is never retried
 * once sent (convention 9: retry only what can be replayed exactly).
 */
final class HeldBody {

    static final int MAX_BYTES = 64 * 1024;

    private final ArrayDeque<HttpContent> parts = new ArrayDeque<>(2);
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
        parts.add(content.retainedDuplicate());
    }

    /** Whether every part seen so far is held. */
    boolean isReplayable() {
        return !overflowed;
    }

    /** Fresh copies of the held parts, for one more send; the held ones stay for later tries. */
    ArrayDeque<HttpContent> replay() {
        ArrayDeque<HttpContent> copy = new ArrayDeque<>(parts.size());
        for (HttpContent part : parts) {
            copy.add(part.retainedDuplicate());
        }
        return copy;
    }

    void release() {
        HttpContent part;
        while ((part = parts.poll()) != null) {
            part.release();
        }
    }
}
