package dev.gatehouse.edge.http1;

import dev.gatehouse.http.FieldBytes;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Checks the raw bytes of a client connection against the RFC 9110/9112 message grammar, one
 * request after another, before any decoder interprets them: in request heads and chunked trailers
 * no NUL, no bare CR or LF, no obs-fold (a field line starting with SP or HTAB), no whitespace
 * between a field name and its colon, no empty or non-token field name, no control characters in
 * values; in chunk-size lines a hex size of at most 16 digits and extensions without controls and
 * of bounded length; and at most {@code maxHeaders} field lines per head.
 *
 * <p>Why a scanner of its own: Netty's decoder unfolds obs-fold silently, and what it tolerates
 * in a field line depends on version and flags; headers as decoded can no longer show how they
 * were written. So each byte is looked at exactly once here, in a state machine kept per
 * connection (reads may split a head anywhere). To know where one request ends and the next head
 * starts, the scanner follows the body framing the head declares: {@code Content-Length} bytes are
 * skipped in bulk, chunked bodies are followed chunk by chunk (data skipped in bulk). A head whose
 * framing is not exactly one valid Content-Length or exactly {@code Transfer-Encoding: chunked}
 * is refused by the decoder and {@code RequestFraming} with the connection closed, so the scanner
 * then stops checking ({@link Verdict#PASS_THROUGH}) rather than guess. A bodyless head with an
 * {@code Upgrade} field stops the scan right after it ({@link Verdict#UPGRADE_HEAD}): what follows
 * may be another protocol's bytes, so it is not looked at until the request's answer is known.
 * No allocation per byte or per read; O(n) in the bytes received.
 *
 * <p>Not thread-safe: one instance per connection, used on its event loop.
 */
final class RequestHeadScanner implements ByteProcessor {

    /** What {@link #scan} found. */
    enum Verdict {
        OK, BAD, TOO_MANY_HEADERS, PASS_THROUGH,
        /** A bodyless request head asking to switch protocols ends at {@link #upgradeHeadEnd()}. */
        UPGRADE_HEAD
    }

    /** A chunk-size line (with its extensions) longer than this is abuse, not a protocol need. */
    static final int MAX_CHUNK_LINE = 4096;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] UPGRADE = "upgrade".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private enum State {
        /** Before a request line; empty lines (CRLF) are skipped as RFC 9112 §2.2 allows. */
        START, START_LF,
        REQUEST_LINE,
        /** At the first byte of a field line, or of the blank line ending the section. */
        LINE_START, NAME, VALUE, LINE_LF, END_LF,
        BODY,
        CHUNK_SIZE, CHUNK_EXT, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF,
        PASS_THROUGH
    }

    private final int maxHeaders;
    private State state = State.START;
    private Verdict verdict;
    private boolean inTrailers;
    private int fieldLines;
    private int lineLength;
    /** After the previous byte: a CR that must be followed by LF. */
    private boolean afterCr;

    // What the head declares about its body, gathered while scanning field lines.
    private int nameIndex;
    private boolean nameMayBeCl;
    private boolean nameMayBeTe;
    private boolean nameMayBeUpgrade;
    private boolean upgradeSeen;
    private boolean stoppedAtUpgrade;
    private int upgradeHeadEnd;
    private boolean valueIsCl;
    private boolean valueIsTe;
    private int clCount;
    private long contentLength;
    private boolean clBad;
    private int teCount;
    private int teMatch;
    private boolean teBad;
    private boolean teTrailingSpace;
    private long remaining;
    private int chunkDigits;

    RequestHeadScanner(int maxHeaders) {
        this.maxHeaders = maxHeaders;
    }

    /**
     * Scans the readable bytes of {@code buf} without moving its indices. Returns OK while all is
     * well, BAD or TOO_MANY_HEADERS at the first violation (and stays so), PASS_THROUGH once the
     * framing is the decoder's to refuse, UPGRADE_HEAD when a head asking to switch protocols ends
     * before the bytes do (the next call scans what follows it as the start of a new request).
     */
    Verdict scan(ByteBuf buf) {
        if (verdict != null) {
            return verdict;
        }
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end) {
            if (state == State.BODY || state == State.CHUNK_DATA) {
                long skip = Math.min(remaining, end - i);
                i += (int) skip;
                remaining -= skip;
                if (remaining == 0) {
                    if (state == State.BODY) {
                        startRequest();
                    } else {
                        state = State.CHUNK_DATA_CR;
                    }
                }
                continue;
            }
            if (state == State.VALUE && !valueIsCl && !valueIsTe && !afterCr) {
                i = FieldBytes.skipPlainBytes(buf, i, end);
                if (i == end) {
                    break;
                }
            }
            int stop = buf.forEachByte(i, end - i, this);
            if (verdict != null) {
                return verdict;
            }
            if (stoppedAtUpgrade) {
                stoppedAtUpgrade = false;
                upgradeHeadEnd = stop + 1;
                return Verdict.UPGRADE_HEAD;
            }
            if (stop < 0) {
                break;
            }
            i = stop + 1;
        }
        return Verdict.OK;
    }

    /** After {@link Verdict#UPGRADE_HEAD}: the buffer index just past that head's last byte. */
    int upgradeHeadEnd() {
        return upgradeHeadEnd;
    }

    /** One byte; returns false to stop (a violation, or a body to skip in bulk). */
    @Override
    public boolean process(byte value) {
        int b = value & 0xFF;
        switch (state) {
            case START:
                if (b == CR) {
                    state = State.START_LF;
                    return true;
                }
                if (b == LF) {
                    return fail();
                }
                state = State.REQUEST_LINE;
                return requestLineByte(b);
            case START_LF:
                if (b != LF) {
                    return fail();
                }
                state = State.START;
                return true;
            case REQUEST_LINE:
                return requestLineByte(b);
            case LINE_START:
                return lineStart(b);
            case NAME:
                return nameByte(b);
            case VALUE:
                return valueByte(b);
            case LINE_LF:
                if (b != LF) {
                    return fail();
                }
                state = State.LINE_START;
                return true;
            case END_LF:
                if (b != LF) {
                    return fail();
                }
                return sectionEnd();
            case CHUNK_SIZE:
                return chunkSizeByte(b);
            case CHUNK_EXT:
                return chunkExtByte(b);
            case CHUNK_SIZE_LF:
                if (b != LF) {
                    return fail();
                }
                if (remaining == 0) {
                    inTrailers = true;
                    fieldLines = 0;
                    state = State.LINE_START;
                    return true;
                }
                state = State.CHUNK_DATA;
                return false;
            case CHUNK_DATA_CR:
                if (b != CR) {
                    return fail();
                }
                state = State.CHUNK_DATA_LF;
                return true;
            case CHUNK_DATA_LF:
                if (b != LF) {
                    return fail();
                }
                startChunk();
                return true;
            default:
                // BODY and CHUNK_DATA are skipped by scan(); PASS_THROUGH never gets here.
                return false;
        }
    }

    /** The CR, then the LF, that end the request line or a field line; the next field line starts after. */
    private boolean lineEndByte(int b) {
        if (!afterCr) {
            afterCr = true; // b is the CR
            return true;
        }
        if (b != LF) {
            return fail();
        }
        afterCr = false;
        state = State.LINE_START;
        return true;
    }

    private boolean requestLineByte(int b) {
        if (afterCr || b == CR) {
            return lineEndByte(b);
        }
        // The request line holds visible characters and single spaces only (RFC 9112 §3).
        if (b < 0x21 && b != ' ' || b == 0x7F) {
            return fail();
        }
        return true;
    }

    private boolean lineStart(int b) {
        if (b == CR) {
            state = State.END_LF;
            return true;
        }
        if (b == ' ' || b == '\t') {
            return fail(); // obs-fold (RFC 9112 §5.2): a recipient may reject it; we do
        }
        if (!FieldBytes.isTokenChar(b)) {
            return fail(); // empty name (":x"), bare LF, NUL, whitespace…
        }
        if (++fieldLines > maxHeaders && maxHeaders > 0) {
            verdict = Verdict.TOO_MANY_HEADERS;
            return false;
        }
        state = State.NAME;
        nameIndex = 0;
        nameMayBeCl = true;
        nameMayBeTe = true;
        nameMayBeUpgrade = !inTrailers;
        return nameByte(b);
    }

    private boolean nameByte(int b) {
        if (b == ':') {
            state = State.VALUE;
            valueIsCl = nameMayBeCl && nameIndex == CONTENT_LENGTH.length;
            valueIsTe = nameMayBeTe && nameIndex == TRANSFER_ENCODING.length;
            if (nameMayBeUpgrade && nameIndex == UPGRADE.length) {
                upgradeSeen = true;
            }
            if (inTrailers && (valueIsCl || valueIsTe)) {
                return fail(); // framing fields are forbidden in trailers (RFC 9110 §6.5.1)
            }
            if (valueIsCl) {
                clCount++;
                contentLength = 0;
            } else if (valueIsTe) {
                teCount++;
                teMatch = 0;
                teTrailingSpace = false;
            }
            afterCr = false;
            // A value to skip in bulk: hand control back to scan() (as for a body).
            return valueIsCl || valueIsTe;
        }
        if (!FieldBytes.isTokenChar(b)) {
            return fail(); // includes whitespace before the colon (RFC 9112 §5.1: MUST reject)
        }
        int lower = b >= 'A' && b <= 'Z' ? b + 32 : b;
        nameMayBeCl = nameMayBeCl && nameIndex < CONTENT_LENGTH.length && CONTENT_LENGTH[nameIndex] == lower;
        nameMayBeTe = nameMayBeTe && nameIndex < TRANSFER_ENCODING.length && TRANSFER_ENCODING[nameIndex] == lower;
        nameMayBeUpgrade = nameMayBeUpgrade && nameIndex < UPGRADE.length && UPGRADE[nameIndex] == lower;
        nameIndex++;
        return true;
    }

    private boolean valueByte(int b) {
        if (afterCr || b == CR) {
            return lineEndByte(b);
        }
        if ((b < 0x20 && b != '\t') || b == 0x7F) {
            return fail(); // NUL, bare LF, other controls (RFC 9110 §5.5)
        }
        if (valueIsCl) {
            if (b >= '0' && b <= '9') {
                if (contentLength > (Long.MAX_VALUE - 9) / 10) {
                    clBad = true;
                } else {
                    contentLength = contentLength * 10 + (b - '0');
                }
            } else if (b != ' ' && b != '\t') {
                clBad = true;
            }
        } else if (valueIsTe) {
            if (b == ' ' || b == '\t') {
                if (teMatch > 0) {
                    teTrailingSpace = true;
                }
            } else {
                int lower = b >= 'A' && b <= 'Z' ? b + 32 : b;
                if (teTrailingSpace || teMatch >= CHUNKED.length || CHUNKED[teMatch] != lower) {
                    teBad = true;
                }
                teMatch++;
            }
        }
        return true;
    }

    private boolean sectionEnd() {
        if (inTrailers) {
            startRequest();
            return true;
        }
        if (teCount > 0) {
            if (teCount != 1 || teBad || teMatch != CHUNKED.length || clCount > 0) {
                return passThrough();
            }
            startChunk();
            return true;
        }
        if (clCount > 0) {
            if (clCount != 1 || clBad) {
                return passThrough();
            }
            if (contentLength > 0) {
                remaining = contentLength;
                state = State.BODY;
                return false;
            }
        }
        boolean upgrade = upgradeSeen;
        startRequest();
        if (upgrade) {
            // Whatever follows may be the new protocol's: stop here (see the class comment).
            stoppedAtUpgrade = true;
            return false;
        }
        return true;
    }

    private boolean chunkSizeByte(int b) {
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
            if (++chunkDigits > 16) {
                return fail(); // chunk-size overflow
            }
            remaining = (remaining << 4) | digit;
            lineLength++;
            return true;
        }
        if (chunkDigits == 0) {
            return fail();
        }
        state = State.CHUNK_EXT;
        return chunkExtByte(b);
    }

    private boolean chunkExtByte(int b) {
        if (b == CR) {
            state = State.CHUNK_SIZE_LF;
            if (remaining < 0) {
                return fail();
            }
            return true;
        }
        if (++lineLength > MAX_CHUNK_LINE) {
            return fail();
        }
        // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ): visible text only.
        if ((b < 0x20 && b != '\t') || b == 0x7F) {
            return fail();
        }
        return true;
    }

    private void startChunk() {
        state = State.CHUNK_SIZE;
        remaining = 0;
        chunkDigits = 0;
        lineLength = 0;
    }

    private void startRequest() {
        state = State.START;
        inTrailers = false;
        fieldLines = 0;
        afterCr = false;
        clCount = 0;
        clBad = false;
        teCount = 0;
        teBad = false;
        remaining = 0;
        upgradeSeen = false;
    }

    private boolean fail() {
        verdict = Verdict.BAD;
        return false;
    }

    private boolean passThrough() {
        state = State.PASS_THROUGH;
        verdict = Verdict.PASS_THROUGH;
        return false;
    }
}
