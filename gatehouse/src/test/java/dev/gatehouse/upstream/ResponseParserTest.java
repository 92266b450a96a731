package dev.gatehouse.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.upstream.ResponseHead.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backend bytes → {@link ResponseParser} → one head, the body's exact bytes (de-chunked), then
 * {@link ResponseParser#END}, however the bytes are cut into reads; anything that is not a
 * well-framed response → one {@link MalformedResponseException} and nothing after it.
 *
 * <p>Each case runs the parser in an {@link EmbeddedChannel} followed by a {@link Recorder} that
 * keeps what the parser passed on (and releases it when the test ends: tests run with paranoid
 * leak detection).
 */
class ResponseParserTest {

    private static final String HEAD = "head";
    private static final String BODY = "body";
    private static final String END = "END";
    private static final String ERROR = "error";

    private final List<ParserChannel> opened = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (ParserChannel c : opened) {
            c.close();
        }
    }

    // ---------------------------------------------------------------- Content-Length

    @Test
    void aContentLengthBodyInOneReadGivesTheHeadTheBodyAndEnd() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world");

        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY, END);
        assertThat(c.body()).isEqualTo("hello world");
        ResponseHead head = c.head();
        assertThat(head.framing()).isEqualTo(Framing.LENGTH);
        assertThat(head.chunked()).isFalse();
        assertThat(head.keepAlive()).isTrue();
        assertThat(c.endsSeenWhileOpen()).containsExactly(true);
    }

    @Test
    void aContentLengthBodyGivesTheSameBytesHoweverItIsCutIntoReads() {
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\nabcdefghijklmnopqrstuvwxyz";

        forEveryCut(response, (how, c) -> {
            assertThat(c.shape()).as(how).containsExactly(HEAD + " 200", BODY, END);
            assertThat(c.body()).as(how).isEqualTo("abcdefghijklmnopqrstuvwxyz");
            assertThat(c.head().framing()).as(how).isEqualTo(Framing.LENGTH);
        });
    }

    @Test
    void aContentLengthBodyArrivingInManyReadsIsPassedOnAsItArrives() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n");
        assertThat(c.shape()).containsExactly(HEAD + " 200");

        c.feed("abc");
        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY);
        assertThat(c.body()).isEqualTo("abc");

        c.feed("def", "ghi");
        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY, END);
        assertThat(c.body()).isEqualTo("abcdefghi");
    }

    @Test
    void aZeroContentLengthEndsTheResponseRightAfterTheHead() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        assertThat(c.shape()).containsExactly(HEAD + " 200", END);
        assertThat(c.head().framing()).isEqualTo(Framing.LENGTH);
    }

    @Test
    void aContentLengthBodyCutShortByTheConnectionNeverEnds() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");

        c.channel.close();

        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY);
        assertThat(c.recorder.inactive).isTrue();
    }

    @Test
    void theLargestContentLengthAcceptedIsEighteenDigits() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nContent-Length: 999999999999999999\r\n\r\nabc");

        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY);
        assertThat(c.head().framing()).isEqualTo(Framing.LENGTH);
    }

    @Test
    void responsesOneAfterAnotherOnOneConnectionEachEnd() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none");
        c.feed("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n");
        c.feed("HTTP/1.1 204 No Content\r\n\r\n");

        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY, END, HEAD + " 201", BODY, END, HEAD + " 204", END);
        assertThat(c.body()).isEqualTo("onetwo");
    }

    // ---------------------------------------------------------------- heads in parts

    @Test
    void aHeadCutAnywhereGivesTheSameHead() {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Empty:\r\nX-Spaced: \t a b \t\r\n"
                + "Connection: keep-alive, X-Hop\r\nX-Hop: 1\r\nContent-Length: 2\r\n\r\n";

        forEveryCut(head + "ok", (how, c) -> {
            assertThat(c.shape()).as(how).containsExactly(HEAD + " 200", BODY, END);
            assertThat(c.body()).as(how).isEqualTo("ok");
            ResponseHead h = c.head();
            assertThat(text(h.bytes())).as(how).isEqualTo(head);
            assertThat(lines(h)).as(how).containsExactly("Content-Type=KEPT", "X-Empty=KEPT", "X-Spaced=KEPT",
                    "Connection=HOP_BY_HOP", "X-Hop=HOP_BY_HOP", "Content-Length=KEPT");
        });
    }

    @Test
    void aHeadAndBodyInRandomlySizedReadsGiveTheSameResponse() {
        String response = "HTTP/1.1 200 OK\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nwiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n";
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<String> reads = new ArrayList<>();
            for (int at = 0; at < response.length(); ) {
                int n = Math.min(response.length() - at, 1 + random.nextInt(12));
                reads.add(response.substring(at, at + n));
                at += n;
            }
            ParserChannel c = open().feed(reads.toArray(String[]::new));
            String how = "reads " + reads;
            assertThat(c.shape()).as(how).containsExactly(HEAD + " 200", BODY, END);
            assertThat(c.body()).as(how).isEqualTo("wikipedia in\r\n\r\nchunks.");
            c.close();
        }
    }

    @Test
    void theHeadsBytesAndLineOffsetsDescribeWhatArrived() {
        String head = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nX-Request-Id: b-1\r\nContent-Length: 0\r\n\r\n";
        ResponseHead h = open().feed(head).head();

        assertThat(h.status()).isEqualTo(404);
        assertThat(text(h.bytes())).isEqualTo(head);
        assertThat(h.statusCodeOffset()).isEqualTo(9);
        assertThat(h.statusLineEnd()).isEqualTo("HTTP/1.1 404 Not Found\r\n".length());
        assertThat(h.bytes().toString(h.bytes().readerIndex() + h.statusCodeOffset(),
                h.statusLineEnd() - h.statusCodeOffset(), StandardCharsets.ISO_8859_1)).isEqualTo("404 Not Found\r\n");
        assertThat(h.lineCount()).isEqualTo(3);
        assertThat(lineText(h, 0)).isEqualTo("Content-Type: text/plain\r\n");
        assertThat(lineText(h, 1)).isEqualTo("X-Request-Id: b-1\r\n");
        assertThat(lineText(h, 2)).isEqualTo("Content-Length: 0\r\n");
        assertThat(h.lineStart(3)).as("where the blank line starts").isEqualTo(head.length() - 2);
    }

    @Test
    void aHeadWithoutHeaderLinesOrReasonIsAccepted() {
        forEveryCut("HTTP/1.1 204\r\n\r\n", (how, c) -> {
            assertThat(c.shape()).as(how).containsExactly(HEAD + " 204", END);
            assertThat(c.head().lineCount()).as(how).isZero();
        });
        assertThat(open().feed("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n").shape())
                .as("an empty reason after the space").containsExactly(HEAD + " 200", END);
    }

    @Test
    void aHeadOfExactlyTheLimitIsAcceptedInOneReadAndInParts() {
        String head = headOfSize(ResponseParser.MAX_HEAD_BYTES);
        assertThat(head).hasSize(ResponseParser.MAX_HEAD_BYTES);

        assertThat(open().feed(head).shape()).containsExactly(HEAD + " 200", END);
        assertThat(open().feed(pieces(head, 1000)).shape()).containsExactly(HEAD + " 200", END);
        assertThat(open().feed(head.substring(0, head.length() - 1), head.substring(head.length() - 1)).shape())
                .containsExactly(HEAD + " 200", END);
    }

    @Test
    void aHeadLargerThanTheLimitIsMalformedInOneReadAndInParts() {
        String head = headOfSize(ResponseParser.MAX_HEAD_BYTES + 100);

        assertMalformedBeforeAnyHead(open().feed(head), "one read");
        assertMalformedBeforeAnyHead(open().feed(pieces(head, 1000)), "reads of 1000 bytes");
        assertMalformedBeforeAnyHead(open().feed(pieces(head, 16 * 1024)), "reads of 16 KiB");
    }

    @Test
    void aHeadThatNeverEndsIsMalformedOnceItPassesTheLimit() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nX-Endless: ");
        String filler = "e".repeat(4096);
        for (int sent = 0; sent <= ResponseParser.MAX_HEAD_BYTES && c.shape().isEmpty(); sent += filler.length()) {
            c.feed(filler);
        }

        assertThat(c.shape()).containsExactly(ERROR);
    }

    @Test
    void moreThan256HeaderLinesAreMalformed() {
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 255; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        many.append("Content-Length: 0\r\n");
        assertThat(open().feed(many + "\r\n").shape()).as("256 lines").containsExactly(HEAD + " 200", END);
        assertThat(open().feed(many + "X-One-More: v\r\n\r\n").shape()).as("257 lines").containsExactly(ERROR);
    }

    // ---------------------------------------------------------------- chunked

    @Test
    void aChunkedBodyGivesTheDeChunkedBytesThenEnd() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n1;ext=\"quoted\";other\r\n \r\n0005 ; spaced-ext\r\nworld\r\n"
                + "a\r\n0123456789\r\nA\r\nABCDEFGHIJ\r\n0\r\n\r\n");

        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY, END);
        assertThat(c.body()).isEqualTo("hello world0123456789ABCDEFGHIJ");
        assertThat(c.head().framing()).isEqualTo(Framing.CHUNKED);
        assertThat(c.head().chunked()).isTrue();
        assertThat(c.head().keepAlive()).isTrue();
    }

    @Test
    void aChunkedBodyCutAnywhereGivesTheExactBytesThenEnd() {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\nTrailer: X-Sum\r\n\r\n"
                + "3;a=b\r\n0\r\n\r\n2\r\n\r\n\r\n10\r\n0123456789abcdef\r\n0\r\nX-Sum: 42\r\nX-Other:\r\n\r\n";

        forEveryCut(response, (how, c) -> {
            assertThat(c.shape()).as(how).containsExactly(HEAD + " 200", BODY, END);
            assertThat(c.body()).as(how).isEqualTo("0\r\n\r\n0123456789abcdef");
            assertThat(c.head().framing()).as(how).isEqualTo(Framing.CHUNKED);
            assertThat(c.endsSeenWhileOpen()).as(how).containsExactly(true);
        });
    }

    @Test
    void trailersAreDroppedAndTheBlankLineAfterThemEndsTheBody() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n");
        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY);

        c.feed("X-Checksum: abc\r\n", "X-Other: 1\r\n");
        assertThat(c.shape()).as("trailers pass nothing on").containsExactly(HEAD + " 200", BODY);

        c.feed("\r\n");
        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY, END);
        assertThat(c.body()).isEqualTo("ok");
    }

    @Test
    void aChunkedBodyCutShortByTheConnectionNeverEnds() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");

        c.channel.close();

        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY);
    }

    @Test
    void aTransferCodingThatDoesNotEndInChunkedIsReadUntilTheConnectionCloses() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        c.channel.close();

        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY, END);
        assertThat(c.body()).as("passed on as it came, not de-chunked").isEqualTo("5\r\nhello\r\n0\r\n\r\n");
        assertThat(c.head().framing()).isEqualTo(Framing.UNTIL_CLOSE);
        assertThat(c.head().chunked()).isFalse();
        assertThat(c.head().keepAlive()).isFalse();
    }

    @Test
    void theLastTransferEncodingLineDecidesWhetherTheBodyIsChunked() {
        ResponseHead chunkedLast = open().feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").head();
        assertThat(chunkedLast.framing()).isEqualTo(Framing.CHUNKED);

        ResponseHead gzipLast = open().feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: gzip\r\n\r\n").head();
        assertThat(gzipLast.framing()).isEqualTo(Framing.UNTIL_CLOSE);
    }

    // ---------------------------------------------------------------- until close

    @Test
    void aBodyWithoutLengthEndsWhenTheConnectionCloses() {
        ParserChannel c = open().feed("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\nfirst ");
        c.feed("second ", "0\r\n\r\n");
        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY);

        c.channel.close();

        assertThat(c.shape()).containsExactly(HEAD + " 200", BODY, END);
        assertThat(c.body()).isEqualTo("first second 0\r\n\r\n");
        assertThat(c.head().framing()).isEqualTo(Framing.UNTIL_CLOSE);
        assertThat(c.head().keepAlive()).isFalse();
        assertThat(c.recorder.inactive).isTrue();
    }

    @Test
    void aBodyWithoutLengthCutAnywhereGivesTheExactBytesAndEndsOnClose() {
        String response = "HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nbytes until the end";

        forEveryCut(response, (how, c) -> {
            assertThat(c.shape()).as(how).containsExactly(HEAD + " 200", BODY);
            c.channel.close();
            assertThat(c.shape()).as(how).containsExactly(HEAD + " 200", BODY, END);
            assertThat(c.body()).as(how).isEqualTo("bytes until the end");
        });
    }

    @Test
    void aHeadWithoutLengthThatTheConnectionEndsRightAwayHasAnEmptyBody() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\n\r\n");

        c.channel.close();

        assertThat(c.shape()).containsExactly(HEAD + " 200", END);
    }

    @Test
    void aConnectionThatClosesInsideAHeadFiresNothing() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nContent-Le");

        c.channel.close();

        assertThat(c.shape()).isEmpty();
        assertThat(c.recorder.inactive).isTrue();
    }

    // ---------------------------------------------------------------- bodyless answers

    @Test
    void theAnswerToHeadEndsRightAfterItsHeadWhateverItsHeadersSay() {
        for (String framingLine : List.of("Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n", "")) {
            ParserChannel c = open();
            c.parser.expectResponseTo(true);

            c.feed("HTTP/1.1 200 OK\r\n" + framingLine + "\r\n");

            assertThat(c.shape()).as(framingLine).containsExactly(HEAD + " 200", END);
            assertThat(c.head().framing()).as(framingLine).isEqualTo(Framing.NONE);
            assertThat(c.head().keepAlive()).as(framingLine).isTrue();
        }
    }

    @Test
    void theAnswerToHeadKeepsItsChunkedFlag() {
        ParserChannel c = open();
        c.parser.expectResponseTo(true);

        ResponseHead head = c.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").head();

        assertThat(head.framing()).isEqualTo(Framing.NONE);
        assertThat(head.chunked()).as("the backend declared it, for the client's head").isTrue();
    }

    @Test
    void theNextResponseAfterHeadHasItsBodyAgain() {
        ParserChannel c = open();
        c.parser.expectResponseTo(true);
        c.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
        c.parser.expectResponseTo(false);

        c.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(c.shape()).containsExactly(HEAD + " 200", END, HEAD + " 200", BODY, END);
        assertThat(c.body()).isEqualTo("hello");
    }

    @Test
    void noContentAndNotModifiedEndRightAfterTheirHeads() {
        for (String response : List.of("HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n",
                "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n")) {
            forEveryCut(response, (how, c) -> {
                assertThat(c.shape()).as(response + how).containsExactly(HEAD + " " + c.head().status(), END);
                assertThat(c.head().framing()).as(response + how).isEqualTo(Framing.NONE);
                assertThat(c.head().keepAlive()).as(response + how).isTrue();
            });
        }
    }

    // ---------------------------------------------------------------- interim and switching heads

    @Test
    void interimHeadsComeBeforeTheFinalResponseInTheSameRead() {
        String response = "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

        forEveryCut(response, (how, c) -> {
            assertThat(c.shape()).as(how).containsExactly(HEAD + " 100", HEAD + " 103", HEAD + " 200", BODY, END);
            assertThat(c.heads().get(0).framing()).as(how).isEqualTo(Framing.NONE);
            assertThat(c.heads().get(1).framing()).as(how).isEqualTo(Framing.NONE);
            assertThat(c.body()).as(how).isEqualTo("ok");
        });
    }

    @Test
    void anInterimHeadAloneIsNotTheEndOfTheResponse() {
        ParserChannel c = open().feed("HTTP/1.1 100 Continue\r\n\r\n");

        assertThat(c.shape()).containsExactly(HEAD + " 100");

        c.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(c.shape()).containsExactly(HEAD + " 100", HEAD + " 200", END);
    }

    @Test
    void nothingAfterSwitchingProtocolsIsParsed_itIsHeldForWhoeverTakesTheConnection() {
        ParserChannel c = open().feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        c.feed("\u0081\u0005hello", "not http at all\n");

        assertThat(c.shape()).as("the 101 head and nothing else").containsExactly(HEAD + " 101");
        assertThat(c.head().framing()).isEqualTo(Framing.NONE);

        c.channel.pipeline().remove(c.parser);

        assertThat(c.shape()).containsExactly(HEAD + " 101", BODY);
        assertThat(c.body()).as("the held bytes, as they came")
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n\u0081\u0005hellonot http at all\n");
    }

    @Test
    void aHandlerThatTakesOverOnSwitchingProtocolsGetsTheRestOfTheSameRead() {
        ParserChannel c = open();
        c.recorder.onHead = head -> {
            if (head.status() == 101) {
                c.channel.pipeline().remove(c.parser);
            }
        };

        c.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\nframe-1");
        c.feed("frame-2");

        assertThat(c.shape()).containsExactly(HEAD + " 101", BODY);
        assertThat(c.body()).isEqualTo("frame-1frame-2");
    }

    @Test
    void aSwitchingProtocolsHeadCutAnywhereStillHoldsTheBytesAfterIt() {
        forEveryCut("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nafter", (how, c) -> {
            assertThat(c.shape()).as(how).containsExactly(HEAD + " 101");
            c.channel.pipeline().remove(c.parser);
            assertThat(c.body()).as(how).isEqualTo("after");
        });
    }

    // ---------------------------------------------------------------- keep-alive

    static Stream<Arguments> keepAliveCases() {
        return Stream.of(
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true),
                Arguments.of("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false),
                Arguments.of("HTTP/1.1 200 OK\r\nCONNECTION: CLOSE\r\nContent-Length: 0\r\n\r\n", false),
                Arguments.of("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n", false),
                Arguments.of("HTTP/1.1 200 OK\r\nConnection: X-A\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false),
                Arguments.of("HTTP/1.1 200 OK\r\nConnection: X-A, keep-alive\r\nContent-Length: 0\r\n\r\n", true),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", true),
                Arguments.of("HTTP/1.1 204 No Content\r\n\r\n", true),
                Arguments.of("HTTP/1.1 200 OK\r\n\r\n", false),
                Arguments.of("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false),
                Arguments.of("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", true),
                Arguments.of("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 0\r\n\r\n", true),
                Arguments.of("HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n", false),
                Arguments.of("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n", false),
                Arguments.of("HTTP/1.0 204 No Content\r\n\r\n", false),
                Arguments.of("HTTP/1.0 204 No Content\r\nConnection: keep-alive\r\n\r\n", true));
    }

    @ParameterizedTest(name = "{0} keep-alive={1}")
    @MethodSource("keepAliveCases")
    void keepAliveFollowsTheVersionTheConnectionHeaderAndTheFraming(String head, boolean keepAlive) {
        assertThat(open().feed(head).head().keepAlive()).isEqualTo(keepAlive);
    }

    @Test
    void anHttp10ResponseWithTransferEncodingNeverKeepsTheConnection() {
        // RFC 9112 §6.1: such a message's framing is faulty; the connection closes after it.
        ParserChannel c = open().feed("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nok\r\n0\r\n\r\n");

        if (c.shape().contains(ERROR)) {
            assertThat(c.shape()).containsExactly(ERROR);
        } else {
            assertThat(c.head().keepAlive()).isFalse();
        }
    }

    // ---------------------------------------------------------------- line kinds

    @Test
    void linesAboutTheConnectionAreHopByHopTheRestKept() {
        ResponseHead h = open().feed("HTTP/1.1 200 OK\r\n"
                + "Connection: keep-alive\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "TE: trailers\r\n"
                + "Trailer: X-Sum\r\n"
                + "Upgrade: h2c\r\n"
                + "Proxy-Authenticate: Basic\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                + "X-Request-Id: backend-1\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "Upgrade-Insecure-Requests: 1\r\n"
                + "Keep-Alives: 1\r\n"
                + "Trailers: 1\r\n"
                + "X-Request-Ids: 1\r\n"
                + "Connections: 1\r\n"
                + "TE2: 1\r\n"
                + "X-Kept: yes\r\n\r\n").head();

        assertThat(lines(h)).containsExactly(
                "Connection=HOP_BY_HOP",
                "Keep-Alive=HOP_BY_HOP",
                "Proxy-Connection=HOP_BY_HOP",
                "TE=HOP_BY_HOP",
                "Trailer=HOP_BY_HOP",
                "Upgrade=HOP_BY_HOP",
                "Proxy-Authenticate=HOP_BY_HOP",
                "Proxy-Authorization=HOP_BY_HOP",
                "X-Request-Id=REQUEST_ID",
                "Transfer-Encoding=TRANSFER_ENCODING",
                "Upgrade-Insecure-Requests=KEPT",
                "Keep-Alives=KEPT",
                "Trailers=KEPT",
                "X-Request-Ids=KEPT",
                "Connections=KEPT",
                "TE2=KEPT",
                "X-Kept=KEPT");
    }

    @Test
    void headerNamesAreRecognisedWhateverTheirCase() {
        ResponseHead h = open().feed("HTTP/1.1 200 OK\r\n"
                + "cOnNeCtIoN: X-SECRET\r\n"
                + "x-secret: 1\r\n"
                + "KEEP-ALIVE: timeout=5\r\n"
                + "proxy-CONNECTION: keep-alive\r\n"
                + "te: trailers\r\n"
                + "TRAILER: X-Sum\r\n"
                + "upGRADE: h2c\r\n"
                + "PROXY-authenticate: Basic\r\n"
                + "proxy-AUTHORIZATION: Basic\r\n"
                + "x-REQUEST-id: backend-1\r\n"
                + "TRANSFER-encoding: CHUNKED\r\n\r\n").head();

        assertThat(lines(h)).containsExactly(
                "cOnNeCtIoN=HOP_BY_HOP",
                "x-secret=HOP_BY_HOP",
                "KEEP-ALIVE=HOP_BY_HOP",
                "proxy-CONNECTION=HOP_BY_HOP",
                "te=HOP_BY_HOP",
                "TRAILER=HOP_BY_HOP",
                "upGRADE=HOP_BY_HOP",
                "PROXY-authenticate=HOP_BY_HOP",
                "proxy-AUTHORIZATION=HOP_BY_HOP",
                "x-REQUEST-id=REQUEST_ID",
                "TRANSFER-encoding=TRANSFER_ENCODING");
        assertThat(h.framing()).isEqualTo(Framing.CHUNKED);
    }

    @Test
    void headersNamedInConnectionAreHopByHopWhereverTheyStand() {
        ResponseHead h = open().feed("HTTP/1.1 200 OK\r\n"
                + "X-Before: 1\r\n"
                + "Connection: X-Before\r\n"
                + "Connection:  x-after ,X-Third\t, ,\r\n"
                + "X-After: 2\r\n"
                + "x-third: 3\r\n"
                + "X-Befor: not named\r\n"
                + "X-After-All: not named\r\n"
                + "Content-Length: 0\r\n\r\n").head();

        assertThat(lines(h)).containsExactly(
                "X-Before=HOP_BY_HOP",
                "Connection=HOP_BY_HOP",
                "Connection=HOP_BY_HOP",
                "X-After=HOP_BY_HOP",
                "x-third=HOP_BY_HOP",
                "X-Befor=KEPT",
                "X-After-All=KEPT",
                "Content-Length=KEPT");
    }

    @Test
    void connectionCannotMakeFramingAndRoutingHeadersHopByHop() {
        ResponseHead h = open().feed("HTTP/1.1 200 OK\r\n"
                + "Connection: Content-Length, HOST, content-type, Content-Encoding, X-Request-Id, X-Gone\r\n"
                + "Content-Length: 2\r\n"
                + "Host: backend\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Encoding: identity\r\n"
                + "X-Request-Id: b-1\r\n"
                + "X-Gone: 1\r\n\r\nok").head();

        assertThat(lines(h)).containsExactly(
                "Connection=HOP_BY_HOP",
                "Content-Length=KEPT",
                "Host=KEPT",
                "Content-Type=KEPT",
                "Content-Encoding=KEPT",
                "X-Request-Id=REQUEST_ID",
                "X-Gone=HOP_BY_HOP");
        assertThat(h.framing()).isEqualTo(Framing.LENGTH);
    }

    @Test
    void connectionNamingTransferEncodingLeavesItATransferEncodingLine() {
        ResponseHead h = open().feed("HTTP/1.1 200 OK\r\nConnection: Transfer-Encoding\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").head();

        assertThat(lines(h)).containsExactly("Connection=HOP_BY_HOP", "Transfer-Encoding=TRANSFER_ENCODING");
        assertThat(h.framing()).isEqualTo(Framing.CHUNKED);
    }

    // ---------------------------------------------------------------- malformed

    static Stream<Arguments> malformedHeads() {
        String ok = "HTTP/1.1 200 OK\r\n";
        return Stream.of(
                Arguments.of("HTTP/2.0", "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("HTTP/1.2", "HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("lower-case protocol name", "http/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("two-digit status", "HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("four-digit status", "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("status 600", "HTTP/1.1 600 Too High\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("status 099", "HTTP/1.1 099 Too Low\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("letter in status", "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("no space after the version", "HTTP/1.1200 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("no space after the status", "HTTP/1.1 200OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("not HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n\r\n"),
                Arguments.of("a banner that is not HTTP", "SSH-2.0-OpenSSH_9.6\r\n"),
                Arguments.of("bare LF after the status line", "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n"),
                Arguments.of("bare LF after a header line", ok + "Content-Length: 0\nX-A: 1\r\n\r\n"),
                Arguments.of("bare LF as the blank line", ok + "Content-Length: 0\r\n\n"),
                Arguments.of("bare LF everywhere", "HTTP/1.1 200 OK\nContent-Length: 0\n\n"),
                Arguments.of("bare CR in the status line", "HTTP/1.1 200 O\rK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("bare CR in a value", ok + "X-A: 1\r2\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("bare CR as the blank line", ok + "Content-Length: 0\r\n\rX-A: 1\r\n\r\n"),
                Arguments.of("obs-fold with a space", ok + "X-A: 1\r\n 2\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("obs-fold with a tab", ok + "X-A: 1\r\n\t2\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("space before the colon", ok + "Content-Length : 0\r\n\r\n"),
                Arguments.of("tab before the colon", ok + "X-A\t: 1\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("empty header name", ok + ": 1\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("no colon", ok + "X-A 1\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("separator in a name", ok + "X(A): 1\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("NUL in a value", ok + "X-A: 1\u00002\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("control byte in a value", ok + "X-A: 1\u00012\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("DEL in a value", ok + "X-A: 1\u007f2\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("two Content-Length lines, same value", ok + "Content-Length: 2\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("two Content-Length lines, other values", ok + "Content-Length: 2\r\nContent-Length: 3\r\n\r\nok!"),
                Arguments.of("Content-Length listing two values", ok + "Content-Length: 2, 2\r\n\r\nok"),
                Arguments.of("non-numeric Content-Length", ok + "Content-Length: abc\r\n\r\nok"),
                Arguments.of("negative Content-Length", ok + "Content-Length: -2\r\n\r\nok"),
                Arguments.of("Content-Length with a sign", ok + "Content-Length: +2\r\n\r\nok"),
                Arguments.of("hexadecimal Content-Length", ok + "Content-Length: 0x2\r\n\r\nok"),
                Arguments.of("empty Content-Length", ok + "Content-Length:\r\n\r\nok"),
                Arguments.of("Content-Length of 19 digits", ok + "Content-Length: 1000000000000000000\r\n\r\nok"),
                Arguments.of("Content-Length then Transfer-Encoding",
                        ok + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding then Content-Length",
                        ok + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                Arguments.of("Content-Length and Transfer-Encoding on a 204",
                        "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeads")
    void aMalformedHeadInOneReadIsMalformedAndNothingElseIsFired(String why, String response) {
        ParserChannel c = open().feed(response);

        assertMalformedBeforeAnyHead(c, why);
        assertThat(c.error()).isInstanceOf(MalformedResponseException.class).hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeads")
    void aMalformedHeadIsMalformedHoweverItIsCutIntoReads(String why, String response) {
        forEveryCut(response, (how, c) -> assertMalformedBeforeAnyHead(c, why + ", " + how));
    }

    static Stream<Arguments> malformedBodies() {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        return Stream.of(
                Arguments.of("non-hex chunk size", chunked + "2\r\nok\r\nzz\r\nhello\r\n0\r\n\r\n", "ok"),
                Arguments.of("negative chunk size", chunked + "-5\r\nhello\r\n0\r\n\r\n", ""),
                Arguments.of("0x before a chunk size", chunked + "0x5\r\nhello\r\n0\r\n\r\n", ""),
                Arguments.of("empty chunk size line", chunked + "2\r\nok\r\n\r\n0\r\n\r\n", "ok"),
                Arguments.of("chunk size of 16 hex digits", chunked + "0000000000000005\r\nhello\r\n0\r\n\r\n", ""),
                Arguments.of("chunk size overflowing 64 bits", chunked + "fffffffffffffffff\r\nhello\r\n0\r\n\r\n", ""),
                Arguments.of("chunk size line ended by a bare LF", chunked + "5\nhello\r\n0\r\n\r\n", ""),
                Arguments.of("control byte in a chunk extension", chunked + "5;a=\u0001\r\nhello\r\n0\r\n\r\n", ""),
                Arguments.of("chunk data not followed by CRLF", chunked + "5\r\nhelloXX0\r\n\r\n", "hello"),
                Arguments.of("chunk data followed by a bare LF", chunked + "5\r\nhello\n0\r\n\r\n", "hello"),
                Arguments.of("chunk data longer than its size", chunked + "3\r\nhello\r\n0\r\n\r\n", "hel"),
                Arguments.of("malformed trailer line", chunked + "2\r\nok\r\n0\r\nnot a trailer\r\n\r\n", "ok"),
                Arguments.of("trailer folded", chunked + "2\r\nok\r\n0\r\nX-A: 1\r\n 2\r\n\r\n", "ok"),
                Arguments.of("bare CR ending the trailers", chunked + "2\r\nok\r\n0\r\n\rX\r\n\r\n", "ok"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aMalformedChunkedBodyIsMalformedAfterWhatCameBeforeIt(String why, String response, String before) {
        forEveryCut(response, (how, c) -> {
            List<String> shape = c.shape();
            assertThat(shape).as(why + ", " + how).first().isEqualTo(HEAD + " 200");
            assertThat(shape).as(why + ", " + how).last().isEqualTo(ERROR);
            assertThat(shape).as(why + ", " + how).doesNotContain(END).containsOnlyOnce(ERROR);
            assertThat(before).as(why + ", " + how + ": bytes passed on before the error").startsWith(c.body());
            c.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            assertThat(c.shape()).as(why + ", " + how + ": nothing after the error").isEqualTo(shape);
        });
    }

    @Test
    void aChunkSizeLineLongerThanTheLimitIsMalformed() {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;" + "x".repeat(5000)
                + "\r\nhello\r\n0\r\n\r\n";

        assertThat(open().feed(response).shape()).as("one read").containsExactly(HEAD + " 200", ERROR);
        assertThat(open().feed(pieces(response, 100)).shape()).as("reads of 100 bytes").containsExactly(HEAD + " 200", ERROR);
        assertThat(open().feed(response.substring(0, 60), response.substring(60)).shape()).as("two reads")
                .containsExactly(HEAD + " 200", ERROR);
    }

    @Test
    void afterAMalformedHeadNothingMoreIsParsed() {
        ParserChannel c = open().feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok");
        assertThat(c.shape()).containsExactly(ERROR);

        c.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 204 No Content\r\n\r\n");
        c.channel.close();

        assertThat(c.shape()).containsExactly(ERROR);
    }

    // ---------------------------------------------------------------- bytes nobody asked for

    static Stream<Arguments> responsesWithBytesAfterThem() {
        return Stream.of(
                Arguments.of("after a Content-Length body", false,
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("after an empty Content-Length body", false,
                        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "x"),
                Arguments.of("after a chunked body", false,
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "surprise"),
                Arguments.of("after a chunked body with trailers", false,
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n\r\n", "\r\n"),
                Arguments.of("after a 204", false, "HTTP/1.1 204 No Content\r\n\r\n", "body of a 204"),
                Arguments.of("after a 304", false, "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", "hello"),
                Arguments.of("after the answer to HEAD", true, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "hello"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responsesWithBytesAfterThem")
    void bytesAfterACompleteResponseCloseTheConnectionBeforeEnd(String why, boolean toHead, String response, String extra) {
        ParserChannel alone = open();
        alone.parser.expectResponseTo(toHead);
        alone.feed(response);
        ParserChannel c = open();
        c.parser.expectResponseTo(toHead);

        c.feed(response + extra);

        List<String> shape = c.shape();
        assertThat(shape).as(why).startsWith(HEAD + " " + c.head().status());
        assertThat(shape.subList(0, shape.indexOf(END) + 1)).as(why + ": the response itself")
                .containsExactlyElementsOf(alone.shape());
        assertThat(c.body()).as(why).isEqualTo(alone.body());
        assertThat(c.endsSeenWhileOpen()).as(why + ": closed before END, so the connection is not reused")
                .containsExactly(false);
        assertThat(shape.subList(shape.indexOf(END) + 1, shape.size())).as(why + ": no head or body after END")
                .doesNotContain(BODY, END).noneMatch(s -> s.startsWith(HEAD));
        assertThat(c.channel.isOpen()).isFalse();
    }

    // ---------------------------------------------------------------- toHttpResponse

    @Test
    void toHttpResponseHasEveryHeaderLineInOrder() {
        ResponseHead head = open().feed("HTTP/1.1 404 Not Found\r\n"
                + "Set-Cookie: a=1\r\n"
                + "Connection: keep-alive, X-Hop\r\n"
                + "X-Hop: hop\r\n"
                + "Set-Cookie: b=2\r\n"
                + "X-Spaced: \t a  b \t\r\n"
                + "X-Empty:\r\n"
                + "Location: http://backend:8080/p?q=1\r\n"
                + "X-Request-Id: b-1\r\n"
                + "Content-Length: 0\r\n\r\n").head();

        HttpResponse response = head.toHttpResponse();
        head.release();

        assertThat(response.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(response.status().code()).isEqualTo(404);
        List<String> headers = new ArrayList<>();
        response.headers().forEach(e -> headers.add(e.getKey() + "=" + e.getValue()));
        assertThat(headers).containsExactly(
                "Set-Cookie=a=1",
                "Connection=keep-alive, X-Hop",
                "X-Hop=hop",
                "Set-Cookie=b=2",
                "X-Spaced=a  b",
                "X-Empty=",
                "Location=http://backend:8080/p?q=1",
                "X-Request-Id=b-1",
                "Content-Length=0");
        assertThat(response.headers().getAll("set-cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void toHttpResponseKeepsTheVersionAndAnUpgradesHeaders() {
        ResponseHead head = open().feed("HTTP/1.0 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").head();

        HttpResponse response = head.toHttpResponse();

        assertThat(response.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(response.status().code()).isEqualTo(101);
        assertThat(response.headers().get("upgrade")).isEqualTo("websocket");
        assertThat(response.headers().get("connection")).isEqualTo("Upgrade");
        assertThat(response.headers().get("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void toHttpResponseWorksOnAHeadThatArrivedInParts() {
        forEveryCut("HTTP/1.1 200 OK\r\nX-A: 1\r\nX-B:2\r\nContent-Length: 0\r\n\r\n", (how, c) -> {
            HttpResponse response = c.head().toHttpResponse();
            List<String> headers = new ArrayList<>();
            response.headers().forEach(e -> headers.add(e.getKey() + "=" + e.getValue()));
            assertThat(headers).as(how).containsExactly("X-A=1", "X-B=2", "Content-Length=0");
        });
    }

    // ---------------------------------------------------------------- helpers

    private ParserChannel open() {
        ParserChannel c = new ParserChannel();
        opened.add(c);
        return c;
    }

    /**
     * Runs {@code check} on a fresh parser fed {@code response} in one read, in two reads cut at
     * every offset, and byte by byte; {@code how} says which.
     */
    private void forEveryCut(String response, CutCheck check) {
        List<String[]> ways = new ArrayList<>();
        ways.add(new String[] {response});
        for (int i = 1; i < response.length(); i++) {
            ways.add(new String[] {response.substring(0, i), response.substring(i)});
        }
        ways.add(pieces(response, 1));
        for (String[] reads : ways) {
            ParserChannel c = open();
            String how = reads.length == 1 ? "in one read"
                    : reads.length == 2 ? "cut after " + reads[0].length() + " bytes" : "byte by byte";
            try {
                c.feed(reads);
                check.accept(" (" + how + ")", c);
            } finally {
                c.close();
            }
        }
    }

    @FunctionalInterface
    private interface CutCheck {
        void accept(String how, ParserChannel c);
    }

    private static void assertMalformedBeforeAnyHead(ParserChannel c, String why) {
        assertThat(c.shape()).as(why).containsExactly(ERROR);
    }

    private static String[] pieces(String s, int size) {
        List<String> out = new ArrayList<>();
        for (int at = 0; at < s.length(); at += size) {
            out.add(s.substring(at, Math.min(s.length(), at + size)));
        }
        return out.toArray(String[]::new);
    }

    /** A head of exactly {@code size} bytes (its padding in one long line), declaring no body. */
    private static String headOfSize(int size) {
        String start = "HTTP/1.1 200 OK\r\nX-Padding: ";
        String end = "\r\nContent-Length: 0\r\n\r\n";
        return start + "p".repeat(size - start.length() - end.length()) + end;
    }

    private static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static String lineText(ResponseHead h, int i) {
        ByteBuf b = h.bytes();
        return b.toString(b.readerIndex() + h.lineStart(i), h.lineStart(i + 1) - h.lineStart(i), StandardCharsets.ISO_8859_1);
    }

    /** Each header line as {@code Name=KIND}, in order. */
    private static List<String> lines(ResponseHead h) {
        Map<Byte, String> kindNames = new LinkedHashMap<>();
        kindNames.put(ResponseHead.KEPT, "KEPT");
        kindNames.put(ResponseHead.HOP_BY_HOP, "HOP_BY_HOP");
        kindNames.put(ResponseHead.TRANSFER_ENCODING, "TRANSFER_ENCODING");
        kindNames.put(ResponseHead.REQUEST_ID, "REQUEST_ID");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h.lineCount(); i++) {
            String line = lineText(h, i);
            out.add(line.substring(0, line.indexOf(':')) + "=" + kindNames.get(h.kind(i)));
        }
        return out;
    }

    /** The parser in a channel of its own, followed by a {@link Recorder}. */
    private static final class ParserChannel {

        final ResponseParser parser = new ResponseParser();
        final Recorder recorder = new Recorder();
        final EmbeddedChannel channel = new EmbeddedChannel(parser, recorder);
        private boolean closed;

        /** Each string arrives as one read (ISO-8859-1: one byte per char), in a pooled buffer. */
        ParserChannel feed(String... reads) {
            for (String read : reads) {
                assertThat(channel.isOpen()).as("the parser closed the channel before this read").isTrue();
                byte[] bytes = read.getBytes(StandardCharsets.ISO_8859_1);
                channel.writeInbound(channel.alloc().buffer(bytes.length).writeBytes(bytes));
            }
            return this;
        }

        /** What was fired, in order: {@code head <status>}, {@code body} (for a run of pieces), END, error. */
        List<String> shape() {
            List<String> out = new ArrayList<>();
            for (Object e : recorder.events) {
                String s = e instanceof ResponseHead h ? HEAD + " " + h.status()
                        : e instanceof ByteBuf ? BODY
                        : e == ResponseParser.END ? END
                        : e instanceof Throwable ? ERROR
                        : e.toString();
                if (!(s.equals(BODY) && !out.isEmpty() && out.get(out.size() - 1).equals(BODY))) {
                    out.add(s);
                }
            }
            return out;
        }

        /** Every body piece fired, joined. */
        String body() {
            StringBuilder out = new StringBuilder();
            for (Object e : recorder.events) {
                if (e instanceof ByteBuf b) {
                    out.append(text(b));
                }
            }
            return out.toString();
        }

        List<ResponseHead> heads() {
            return recorder.events.stream().filter(ResponseHead.class::isInstance).map(ResponseHead.class::cast).toList();
        }

        /** The only head fired. */
        ResponseHead head() {
            assertThat(heads()).as("heads fired: " + shape()).hasSize(1);
            return heads().get(0);
        }

        Throwable error() {
            return recorder.events.stream().filter(Throwable.class::isInstance).map(Throwable.class::cast)
                    .findFirst().orElseThrow();
        }

        /** For each END, whether the channel was still open when it arrived. */
        List<Boolean> endsSeenWhileOpen() {
            return recorder.endsWhileOpen;
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            channel.finishAndReleaseAll();
            recorder.releaseAll();
        }
    }

    /** Keeps what the parser fires (messages and exceptions) until the test releases it. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {

        final List<Object> events = new ArrayList<>();
        final List<Boolean> endsWhileOpen = new ArrayList<>();
        Consumer<ResponseHead> onHead = head -> { };
        boolean inactive;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            events.add(msg);
            if (msg == ResponseParser.END) {
                endsWhileOpen.add(ctx.channel().isOpen());
            } else if (msg instanceof ResponseHead head) {
                onHead.accept(head);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            events.add(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
            ctx.fireChannelInactive();
        }

        void releaseAll() {
            for (Object e : events) {
                if (e instanceof ReferenceCounted r && r.refCnt() > 0) {
                    ReferenceCountUtil.release(r);
                }
            }
            events.clear();
        }
    }
}
