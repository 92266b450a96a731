package dev.gatehouse.upstream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.testing.PrintableBytes;
import dev.gatehouse.upstream.ResponseHead.Framing;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.InvalidChunkExtensionException;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TransferEncodingNotAllowedException;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Seeded random backend responses → {@link ResponseParser}, each fed in one read and again cut
 * into reads at random boundaries:
 * <ul>
 * <li>well-formed responses (any status 100-599, interim heads, random token names, values with
 *     obs-text and HTAB, Content-Length, chunked with extensions and trailers, or no framing at all,
 *     HTTP/1.0 and 1.1, Connection options, answers to HEAD, a 101 and the bytes after it) give
 *     exactly their heads, their body bytes (de-chunked) and END: before the close when the framing
 *     says the body is complete, on the close for a body without framing;
 * <li>mutated responses (a byte flipped, inserted or deleted, CRLF turned into LF, a space before a
 *     colon, obs-fold, duplicated or conflicting framing headers, bad framing values and chunk lines,
 *     truncation, bytes after the response) are parsed or reported as a
 *     {@link MalformedResponseException} through exceptionCaught, nothing is fired after that, the
 *     events follow the framing, and where the reads were cut changes nothing;
 * <li>against Netty's strict {@link HttpResponseDecoder}: where both accept, they agree on the
 *     statuses, the framing and every body byte; ours may reject more (the differences expected are
 *     listed at the test), and it never accepts what Netty rejects unless RFC 9112 allows the input
 *     ({@link #expectedNettyRejection}).
 * </ul>
 * The smallest inputs behind the disagreements the comparison found are kept as plain tests after
 * it. Every buffer of a case comes from a counting allocator and must be released when the case
 * ends, on top of the paranoid leak detection the tests run with. The number of cases is fixed
 * ({@code -Dfuzz.cases} scales it, 2000 by default); {@code -Dfuzz.seed} replays a run, and a failure
 * names the seed of the one input that failed, so {@code -Dfuzz.seed=<it> -Dfuzz.cases=1} replays
 * that input first.
 */
class ResponseParserFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 0x0b5e_55ed_f00dL);
    private static final int CASES = Integer.getInteger("fuzz.cases", 2_000);
    private static final int MIN_CASES_FOR_COVERAGE = 500;

    // A trace is what was fired, as one string: body bytes as chars 0-255, the rest as markers.
    private static final char HEAD = '\uE000';
    private static final char END = '\uF000';
    private static final char ERROR = '\uF001';
    private static final Object END_EVENT = "END";

    // ---------------------------------------------------------------- the properties

    @Test
    void wellFormedResponsesGiveExactlyTheirHeadsBodyAndEndHoweverTheyAreCut() {
        int switched = 0;
        int untilClose = 0;
        int chunked = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random r = new Random(seed ^ 0x11);
            Sample s = wellFormed(r, true);
            int[][] ways = {{s.bytes.length}, randomPieces(r, s.bytes.length)};
            for (int[] pieces : ways) {
                OursRun run = runOurs(s.bytes, pieces, s.headRequest, s.expected.tunnel != null);
                String problem = structureProblem(run, s.headRequest);
                if (problem == null) {
                    problem = expectationProblem(run, s.expected);
                }
                if (problem != null) {
                    fail(report(seed, s.bytes, pieces, problem) + "\nfired:    " + render(trace(run))
                            + "\nexpected: " + render(s.expected.trace));
                }
            }
            switched += s.expected.tunnel != null ? 1 : 0;
            untilClose += s.expected.framing == Framing.UNTIL_CLOSE ? 1 : 0;
            chunked += s.expected.framing == Framing.CHUNKED ? 1 : 0;
        }
        // The generator reaches every kind of ending (fixed seed and counts, no timing; a replay of a
        // few cases says nothing about that).
        if (CASES >= MIN_CASES_FOR_COVERAGE) {
            assertThat(switched).as("101 responses").isPositive();
            assertThat(untilClose).as("bodies without framing").isGreaterThan(CASES / 10);
            assertThat(chunked).as("chunked bodies").isGreaterThan(CASES / 10);
        }
    }

    @Test
    void mutatedResponsesAreParsedOrReportedAsMalformedAndWhereReadsAreCutChangesNothing() {
        int rejected = 0;
        int completed = 0;
        for (int i = 0; i < 2 * CASES; i++) {
            long seed = SEED + i;
            Random r = new Random(seed ^ 0x22);
            Sample base = wellFormed(r, true);
            byte[] input = mutate(base.bytes, r);
            int[] whole = input.length == 0 ? new int[0] : new int[] {input.length};
            int[] pieces = randomPieces(r, input.length);
            OursRun one = runOurs(input, whole, base.headRequest, false);
            OursRun cut = runOurs(input, pieces, base.headRequest, false);
            String problem = structureProblem(one, base.headRequest);
            if (problem == null) {
                problem = structureProblem(cut, base.headRequest);
            }
            String a = trace(one);
            String b = trace(cut);
            if (problem == null && !sameOutcome(a, b)) {
                problem = "one read and cut reads disagree:\none read: " + render(a) + "\ncut:      " + render(b);
            }
            if (problem != null) {
                fail(report(seed, input, pieces, problem) + "\nfired: " + render(a));
            }
            rejected += a.endsWith(String.valueOf(ERROR)) ? 1 : 0;
            completed += a.endsWith(String.valueOf(END)) ? 1 : 0;
        }
        // Mutants land on both sides, so both paths were exercised.
        if (CASES >= MIN_CASES_FOR_COVERAGE) {
            assertThat(rejected).as("mutants rejected").isGreaterThan(CASES / 5);
            assertThat(completed).as("mutants parsed to their END").isGreaterThan(CASES / 5);
        }
    }

    /**
     * Ours (fed in one read) against Netty's {@link HttpResponseDecoder} in its strictest setting
     * (fed in random reads), up to the end of the first final response: a third of the inputs
     * well-formed, the rest mutated.
     *
     * <p>Expected, counted and printed, not failed on:
     * <ul>
     * <li>ours rejects where Netty accepts, by design: obs-fold (Netty unfolds it); whitespace
     *     between a field name and its colon (Netty drops it in responses); any status line but
     *     {@code HTTP/1.0} or {@code HTTP/1.1}, one SP, three digits 100-599 and an optional SP and
     *     reason of field bytes (Netty takes any HTTP/x.y, any number, runs of SP, HTAB, VT, FF or CR
     *     between the parts and any byte but CR and LF in the reason); empty lines before the
     *     status line (Netty skips CRLFs there); Content-Length with Transfer-Encoding also where the
     *     status has no body, and with a coding other than chunked (Netty checks only chunked bodies,
     *     and frames by the length); two Content-Length lines in HTTP/1.0 (Netty takes the first); a
     *     Content-Length over 18 digits; folded trailers or whitespace before a trailer's colon; and a
     *     bare CR, judged at once where Netty waits for the line's LF. (Bare LF and control bytes in
     *     values both reject.)
     * <li>Netty rejects sooner: it judges a line at its first byte where ours waits for the rest.
     * <li>Netty rejects what RFC 9112 allows: see {@link #expectedNettyRejection}.
     * </ul>
     * A failure: ours accepts (fires a head, body bytes or END) where Netty rejects, unless RFC 9112
     * allows the input; or both take a head and frame its body differently, or disagree on a status,
     * a body byte or where the body ends.
     */
    @Test
    void whereBothAcceptOursAgreesWithNettysStrictDecoderAndNeverAcceptsWhatItRejects() {
        Map<String, Integer> expected = new TreeMap<>();
        Map<String, List<Finding>> findings = new TreeMap<>();
        int bothAccepted = 0;
        int bothRejected = 0;
        int oursRejected = 0;
        for (int i = 0; i < 2 * CASES; i++) {
            long seed = SEED + i;
            Random r = new Random(seed ^ 0x33);
            // Netty's response decoder knows nothing of HEAD: answers to it are left out here.
            Sample base = wellFormed(r, false);
            byte[] input = r.nextInt(3) == 0 ? base.bytes : mutate(base.bytes, r);
            int[] pieces = randomPieces(r, input.length);
            OursRun ours = runOurs(input, input.length == 0 ? new int[0] : new int[] {input.length}, false, false);
            String problem = structureProblem(ours, false);
            if (problem != null) {
                fail(report(seed, input, pieces, problem));
            }
            NettyRun netty = runNetty(input, pieces);
            if (netty.problem != null) {
                fail(report(seed, input, pieces, "Netty's run: " + netty.problem));
            }
            String difference = difference(input, ours, netty);
            if (difference == null) {
                boolean rejected = netty.trace.endsWith(String.valueOf(ERROR));
                bothRejected += rejected ? 1 : 0;
                bothAccepted += rejected ? 0 : 1;
            } else if (difference.startsWith(EXPECTED)) {
                expected.merge(difference.substring(EXPECTED.length()), 1, Integer::sum);
                oursRejected += difference.startsWith(EXPECTED + OURS_REJECTS) ? 1 : 0;
            } else {
                String chunkProblem = difference.startsWith(CHUNKED_BODY_FINDING)
                        ? chunkedBodyProblem(input, bodyStart(ours), bodyBytes(netty.trace)) : null;
                findings.computeIfAbsent(difference, g -> new ArrayList<>())
                        .add(new Finding(seed, input, pieces, trace(ours), netty.trace, chunkProblem));
            }
        }
        StringBuilder summary = new StringBuilder("ResponseParserFuzzTest, against Netty: " + 2 * CASES
                + " inputs from seed " + SEED + ": both accepted and agreed " + bothAccepted + ", both rejected "
                + bothRejected + "; expected differences:");
        expected.forEach((why, count) -> summary.append("\n  ").append(count).append(" × ").append(why));
        System.out.println(summary);
        if (!findings.isEmpty()) {
            StringBuilder b = new StringBuilder(findings.size() + " kind(s) of disagreement with Netty's strict decoder:");
            findings.forEach((group, list) -> {
                Finding f = list.stream().min((x, y) -> Integer.compare(x.input.length, y.input.length)).orElseThrow();
                b.append("\n\n").append(group).append(" — ").append(list.size()).append(" input(s); the shortest:\n")
                        .append(report(f.seed, f.input, f.pieces, "")).append("\nours:  ").append(render(f.ours))
                        .append("\nNetty: ").append(render(f.netty))
                        .append(f.chunkProblem == null ? "" : "\nRFC 9112 §7.1: " + f.chunkProblem);
            });
            fail(b.toString());
        }
        // Both sides of the comparison were exercised.
        if (CASES >= MIN_CASES_FOR_COVERAGE) {
            assertThat(bothAccepted).as("inputs both accepted and agreed on").isGreaterThan(CASES / 2);
            assertThat(bothRejected + oursRejected).as("inputs ours rejected").isGreaterThan(CASES / 5);
        }
    }

    private static final String EXPECTED = "expected: ";
    private static final String OURS_REJECTS = "ours rejects: ";
    private static final String CHUNKED_BODY_FINDING = "ours accepts a chunked body RFC 9112 §7.1 does not allow: ";

    /**
     * Null if ours and Netty fired the same up to the end of the first final response; a string
     * starting with {@link #EXPECTED} for an expected difference (what it is); else the finding,
     * in words that group alike findings.
     */
    private static String difference(byte[] input, OursRun ours, NettyRun netty) {
        String o = trace(ours);
        String n = netty.trace;
        HeadFacts last = finalHead(ours);
        // Both took the head: then they must frame its body alike, whatever the body bytes.
        if (last != null && netty.framing != null && last.status == netty.finalStatus && last.framing != netty.framing) {
            return "framing: ours " + last.framing + " where Netty " + netty.framing;
        }
        if (o.equals(n)) {
            return null;
        }
        int at = 0;
        while (at < o.length() && at < n.length() && o.charAt(at) == n.charAt(at)) {
            at++;
        }
        int oc = at < o.length() ? o.charAt(at) : -1;
        int nc = at < n.length() ? n.charAt(at) : -1;
        if (oc == ERROR) {
            return EXPECTED + OURS_REJECTS + normalize(firstError(ours).getMessage());
        }
        if (nc != ERROR) {
            return "ours " + kind(oc) + " where Netty " + kind(nc);
        }
        if (oc < 0) {
            // Ours accepted nothing Netty did not: it waits for the rest of a line (Netty judges some
            // lines at their first byte) or of a chunk larger than Netty takes.
            return EXPECTED + "Netty rejects while ours still waits for bytes (" + netty.cause.getClass().getSimpleName()
                    + ")";
        }
        String allowed = expectedNettyRejection(input, ours, netty);
        if (allowed != null) {
            return EXPECTED + "Netty rejects, RFC 9112 allows: " + allowed;
        }
        String chunkProblem = last != null && last.framing == Framing.CHUNKED && !isHead(oc)
                ? chunkedBodyProblem(input, bodyStart(ours), bodyBytes(n)) : null;
        if (chunkProblem != null) {
            // Where Netty stopped, the body breaks RFC 9112 §7.1 too: grouped by how, whatever Netty said.
            return CHUNKED_BODY_FINDING + chunkProblem.replaceAll(":.*", "");
        }
        return "ours " + kind(oc) + " where Netty rejects (" + netty.cause.getClass().getSimpleName() + ": "
                + normalize(netty.cause.getMessage()) + ")";
    }

    /**
     * Why Netty's rejection of an input ours accepted is Netty's strictness and not a fault of ours
     * (RFC 9112 allows the input, and ours handles it as the RFC says); null if it is not.
     */
    static String expectedNettyRejection(byte[] input, OursRun ours, NettyRun netty) {
        Throwable cause = netty.cause;
        HeadFacts last = finalHead(ours);
        if (last == null) {
            return null;
        }
        // RFC 9112 §6.1: a recipient of an HTTP/1.0 message with Transfer-Encoding treats its framing
        // as faulty and closes the connection after processing it. Netty refuses the message instead.
        if (cause instanceof TransferEncodingNotAllowedException && last.minor == 0 && !last.keepAlive) {
            return "HTTP/1.0 with Transfer-Encoding, processed and the connection not kept (§6.1)";
        }
        // RFC 9112 §6.3 (4): a response whose final transfer coding is not chunked is read until the
        // connection closes. Netty refuses any such value that names chunked elsewhere.
        if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage()).contains("must be the last")
                && last.framing == Framing.UNTIL_CLOSE) {
            return "chunked not the final transfer coding, read until close (§6.3)";
        }
        // Netty's chunk-line check is stricter than the grammar of RFC 9112 §7.1: it refuses BWS after
        // a token extension value and sizes over 2^31-1, and it fails with an IndexOutOfBoundsException
        // on obs-text in a quoted extension value (its table is indexed with a signed byte). Allowed
        // only where the body up to where Netty stopped follows the grammar.
        if (last.framing == Framing.CHUNKED
                && (cause instanceof InvalidChunkExtensionException || cause instanceof NumberFormatException
                        || cause instanceof IndexOutOfBoundsException)
                && chunkedBodyProblem(input, bodyStart(ours), bodyBytes(netty.trace)) == null) {
            return "a chunk line Netty refuses (" + cause.getClass().getSimpleName() + ") (§7.1)";
        }
        return null;
    }

    // ---------------------------------------------------------------- inputs the fuzzing found

    /**
     * RFC 9110 §5.6.1: a recipient ignores empty list elements, so {@code chunked,} is the coding
     * list (chunked) and the body ends at its last chunk, as Netty reads it. Taking the empty
     * element after the comma for the final coding instead passes the chunked bytes on as the body
     * and waits for the backend to close.
     */
    @Test
    void aTransferEncodingListEndingInAnEmptyElementIsChunked() {
        SoftAssertions softly = new SoftAssertions();
        for (String value : List.of("chunked,", "chunked , ", "chunked,,", "gzip, chunked,")) {
            softly.assertThat(fired("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + value + "\r\n\r\n2\r\nok\r\n0\r\n\r\n"))
                    .as("Transfer-Encoding: %s", value)
                    .isEqualTo("[head 200] [body ok] [END] (CHUNKED, END before the close)");
        }
        softly.assertAll();
    }

    /**
     * RFC 9112 §6.1: a sender must not apply chunked more than once (on one line or across lines).
     * Such framing headers are malformed, as Netty finds; taken for one chunked coding, the inner
     * chunked bytes would be passed on as the body.
     */
    @Test
    void chunkedAppliedMoreThanOnceIsMalformed() {
        // The body chunked twice: one chunk of 12 bytes holding "2 CRLF ok CRLF 0 CRLF CRLF".
        String body = "c\r\n2\r\nok\r\n0\r\n\r\n\r\n0\r\n\r\n";
        SoftAssertions softly = new SoftAssertions();
        for (String lines : List.of("Transfer-Encoding: chunked, chunked\r\n",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: chunked, gzip\r\nTransfer-Encoding: chunked\r\n")) {
            softly.assertThat(fired("HTTP/1.1 200 OK\r\n" + lines + "\r\n" + body))
                    .as(PrintableBytes.of(lines.getBytes(ISO_8859_1)))
                    .isEqualTo("[ERROR]");
        }
        softly.assertAll();
    }

    /**
     * RFC 9112 §7.1: after the chunk size only {@code *( BWS ";" chunk-ext )} and CRLF may follow,
     * and Netty refuses anything else. Skipping what follows a space makes {@code 5 0} a chunk of 5
     * bytes, where a reader that drops the space reads 0x50: two readers, two framings.
     */
    @Test
    void aChunkSizeFollowedByWhitespaceButNoExtensionIsMalformed() {
        SoftAssertions softly = new SoftAssertions();
        for (String line : List.of("5 0", "5 x", "5 ", "5\t")) {
            softly.assertThat(fired(CHUNKED_HEAD + line + "\r\nhello\r\n0\r\n\r\n"))
                    .as(PrintableBytes.of(line.getBytes(ISO_8859_1)))
                    .isEqualTo("[head 200] [ERROR]");
        }
        softly.assertAll();
    }

    /**
     * RFC 9112 §7.1.1: {@code chunk-ext = *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )}.
     * An unclosed or trailing-garbage quoted string, a space inside a name, no name, obs-text
     * outside quotes or trailing whitespace is a bad chunk line, as Netty finds; none of them is
     * an extension the parser may skip.
     */
    @Test
    void aChunkExtensionOutsideTheGrammarIsMalformed() {
        SoftAssertions softly = new SoftAssertions();
        for (String line : List.of("5;a=\"x", "5;a=\"b\"c", "5;a=\"\\\"", "5;a b", "5;=v", "5;a=", "5;\u0080",
                "5;a=b\t")) {
            softly.assertThat(fired(CHUNKED_HEAD + line + "\r\nhello\r\n0\r\n\r\n"))
                    .as(PrintableBytes.of(line.getBytes(ISO_8859_1)))
                    .isEqualTo("[head 200] [ERROR]");
        }
        softly.assertAll();
    }

    private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    /** What ours fires for one response in one read and then the close, spelled out with the framing. */
    private static String fired(String response) {
        OursRun run = runOurs(response.getBytes(ISO_8859_1), new int[] {response.length()}, false, false);
        assertThat(structureProblem(run, false)).as(response).isNull();
        HeadFacts last = finalHead(run);
        if (last == null || trace(run).indexOf(ERROR) >= 0) {
            return render(trace(run));
        }
        String end = run.endsWhileOpen.isEmpty() ? "never" : run.endsWhileOpen.get(0) ? "before the close" : "on the close";
        return render(trace(run)) + " (" + last.framing + ", END " + end + ")";
    }

    // ---------------------------------------------------------------- running the parsers

    /** What ours fired for one input, each head's facts noted (and the head released) as it came. */
    static final class OursRun {
        final List<Object> events = new ArrayList<>();
        final List<Boolean> endsWhileOpen = new ArrayList<>();
        final ByteArrayOutputStream handedOver = new ByteArrayOutputStream();
        Throwable thrown;
        String unreleased;
    }

    record HeadFacts(int status, int minor, Framing framing, long contentLength, boolean keepAlive, int length,
            String problem) {
    }

    /**
     * Feeds {@code input} to a fresh parser in reads of the given sizes (stopping when the parser
     * closes the channel, as a real connection would), then closes the channel. With
     * {@code handOver}, the parser is removed before the close, as a tunnel taking over would.
     */
    private static OursRun runOurs(byte[] input, int[] pieces, boolean headRequest, boolean handOver) {
        CountingAllocator alloc = new CountingAllocator();
        OursRun run = new OursRun();
        ResponseParser parser = new ResponseParser();
        parser.expectResponseTo(headRequest);
        Recorder recorder = new Recorder(run);
        EmbeddedChannel channel = new EmbeddedChannel(parser, recorder);
        channel.config().setAllocator(alloc);
        try {
            int at = 0;
            for (int n : pieces) {
                if (!channel.isOpen()) {
                    break;
                }
                channel.writeInbound(alloc.buffer(n).writeBytes(input, at, n));
                at += n;
            }
            if (handOver && channel.isOpen()) {
                recorder.parserRemoved = true;
                channel.pipeline().remove(parser);
            }
            // The backend closes: the end of a body without framing.
            channel.close();
            channel.finishAndReleaseAll();
        } catch (Throwable t) {
            run.thrown = t;
            channel.finishAndReleaseAll();
        }
        run.unreleased = alloc.unreleased();
        return run;
    }

    /** Keeps what the parser fires as plain values, releasing each buffer at once as a fast consumer would. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {

        private final OursRun run;
        boolean parserRemoved;

        Recorder(OursRun run) {
            this.run = run;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (parserRemoved && msg instanceof ByteBuf b) {
                    run.handedOver.writeBytes(bytes(b));
                } else if (msg instanceof ResponseHead h) {
                    run.events.add(facts(h));
                } else if (msg instanceof ByteBuf b) {
                    run.events.add(bytes(b));
                } else if (msg == ResponseParser.END) {
                    run.events.add(END_EVENT);
                    run.endsWhileOpen.add(ctx.channel().isOpen());
                } else {
                    run.events.add("unexpected message " + msg);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            run.events.add(cause);
        }
    }

    /** A head's facts, and whether its line offsets describe its bytes (null) or what is wrong. */
    private static HeadFacts facts(ResponseHead h) {
        String text = h.bytes().toString(ISO_8859_1);
        String problem = null;
        if (!text.endsWith("\r\n\r\n") || h.lineStart(h.lineCount()) != text.length() - 2
                || h.statusLineEnd() > h.lineStart(0) || !text.startsWith("HTTP/1.")) {
            problem = "a head's bytes or offsets are off: " + PrintableBytes.of(text.getBytes(ISO_8859_1));
        }
        for (int i = 0; problem == null && i < h.lineCount(); i++) {
            String line = text.substring(h.lineStart(i), h.lineStart(i + 1));
            if (!line.endsWith("\r\n") || line.indexOf(':') <= 0) {
                problem = "header line " + i + " is not a field line: " + PrintableBytes.of(line.getBytes(ISO_8859_1));
            }
        }
        HttpResponse asNetty = h.toHttpResponse();
        if (problem == null && (asNetty.status().code() != h.status() || asNetty.headers().size() != h.lineCount())) {
            problem = "toHttpResponse() has status " + asNetty.status().code() + " and " + asNetty.headers().size()
                    + " headers for " + h.status() + " and " + h.lineCount();
        }
        return new HeadFacts(h.status(), asNetty.protocolVersion().minorVersion(), h.framing(), h.contentLength(),
                h.keepAlive(), h.bytes().readableBytes(), problem);
    }

    /** What Netty's decoder made of one input, up to the end of its first final response. */
    static final class NettyRun {
        final StringBuilder traceBuilder = new StringBuilder();
        String trace;
        Throwable cause;
        String problem;
        // How Netty frames the body of the first final response, by the rules of its decoder.
        Framing framing;
        int finalStatus = -1;
    }

    private static HttpDecoderConfig nettyConfig() {
        // The strictest Netty 4.2.18 offers: CRLF only, no duplicate Content-Length, Content-Length
        // with Transfer-Encoding refused, names and values validated. Its size limits are raised far
        // above ours so that a limit never explains a difference.
        return new HttpDecoderConfig()
                .setStrictLineParsing(true)
                .setAllowDuplicateContentLengths(false)
                .setUseRfc9112TransferEncoding(true)
                .setValidateHeaders(true)
                .setChunkedSupported(true)
                .setMaxInitialLineLength(1 << 20)
                .setMaxHeaderSize(1 << 20)
                .setMaxChunkSize(1 << 20);
    }

    private static NettyRun runNetty(byte[] input, int[] pieces) {
        CountingAllocator alloc = new CountingAllocator();
        NettyRun run = new NettyRun();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new HttpResponseDecoder(nettyConfig()));
        try {
            int at = 0;
            for (int n : pieces) {
                channel.writeInbound(alloc.buffer(n).writeBytes(input, at, n));
                at += n;
            }
            channel.finish();
        } catch (Throwable t) {
            run.problem = "threw " + t;
        }
        boolean done = false;
        int status = -1;
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            try {
                if (done) {
                    continue;
                }
                if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                    // A close inside a head is no rejection: ours just fires nothing then.
                    if (!(o.decoderResult().cause() instanceof PrematureChannelClosureException)) {
                        run.traceBuilder.append(ERROR);
                        run.cause = o.decoderResult().cause();
                    }
                    done = true;
                    continue;
                }
                if (msg instanceof HttpResponse response) {
                    status = response.status().code();
                    run.traceBuilder.append(head(status));
                    // Ours stops at a 101 (the rest is the tunnel's); Netty passes the rest on raw.
                    done = status == 101;
                    if (status >= 200 && status != 101) {
                        run.finalStatus = status;
                        run.framing = status == 204 || status == 304 ? Framing.NONE
                                : HttpUtil.isTransferEncodingChunked(response) ? Framing.CHUNKED
                                : response.headers().contains(HttpHeaderNames.CONTENT_LENGTH) ? Framing.LENGTH
                                : Framing.UNTIL_CLOSE;
                    }
                }
                if (msg instanceof HttpContent content) {
                    run.traceBuilder.append(content.content().toString(ISO_8859_1));
                    // Netty ends an interim head with an empty last content; ours has no END there.
                    if (content instanceof LastHttpContent && status >= 200) {
                        run.traceBuilder.append(END);
                        done = true;
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        channel.finishAndReleaseAll();
        run.trace = run.traceBuilder.toString();
        String unreleased = alloc.unreleased();
        if (unreleased != null && run.problem == null) {
            run.problem = unreleased;
        }
        return run;
    }

    /**
     * Hands out unpooled heap buffers and keeps each, so that a case can check that every one was
     * released when it ends: a leak is caught in the case that made it, not whenever the garbage
     * collector lets the leak detector notice. (A release too many throws where it happens.)
     */
    private static final class CountingAllocator extends AbstractByteBufAllocator {

        private final List<ByteBuf> allocated = new ArrayList<>();

        CountingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        /** Null if every buffer handed out was released, else how many were not. */
        String unreleased() {
            long left = allocated.stream().filter(b -> b.refCnt() != 0).count();
            return left == 0 ? null : left + " of " + allocated.size() + " buffers not released";
        }
    }

    // ---------------------------------------------------------------- checking what was fired

    /**
     * Null if the events follow the rules for any input, else what broke them: only
     * MalformedResponseException reported, nothing after it, nothing after a 101, heads only where a
     * response may start, body bytes only for a body, no more than Content-Length, END only after a
     * final head and only when its framing says the body is over, nothing left unreleased.
     */
    private static String structureProblem(OursRun run, boolean headRequest) {
        if (run.thrown != null) {
            return "threw " + run.thrown;
        }
        if (run.unreleased != null) {
            return run.unreleased;
        }
        boolean error = false;
        boolean switched = false;
        HeadFacts body = null;
        long remaining = 0;
        int ends = 0;
        for (Object e : run.events) {
            String what = e instanceof HeadFacts h ? "head " + h.status : e instanceof byte[] ? "body bytes"
                    : e == END_EVENT ? "END" : String.valueOf(e);
            if (error) {
                return "fired " + what + " after reporting an error";
            }
            if (switched) {
                return "fired " + what + " after a 101";
            }
            if (e instanceof Throwable t) {
                if (!(t instanceof MalformedResponseException)) {
                    return "reported " + t;
                }
                error = true;
            } else if (e instanceof HeadFacts h) {
                if (body != null) {
                    return "fired a head inside a body";
                }
                if (h.problem != null) {
                    return h.problem;
                }
                if (h.status < 100 || h.status > 599) {
                    return "accepted status " + h.status;
                }
                boolean bodyless = h.status < 200 || h.status == 204 || h.status == 304 || headRequest;
                if (bodyless != (h.framing == Framing.NONE)) {
                    return "framing " + h.framing + " for status " + h.status + (headRequest ? " answering HEAD" : "");
                }
                switched = h.status == 101;
                if (h.status >= 200) {
                    body = h;
                    remaining = h.contentLength;
                }
            } else if (e instanceof byte[] b) {
                if (body == null || body.framing == Framing.NONE) {
                    return "fired body bytes where there is no body";
                }
                if (body.framing == Framing.LENGTH && (remaining -= b.length) < 0) {
                    return "fired more body bytes than Content-Length " + body.contentLength;
                }
            } else if (e == END_EVENT) {
                if (body == null) {
                    return "fired END without a final head";
                }
                if (body.framing == Framing.LENGTH && remaining != 0) {
                    return "fired END with " + remaining + " bytes of Content-Length missing";
                }
                if (body.framing == Framing.UNTIL_CLOSE && run.endsWhileOpen.get(ends)) {
                    return "fired END of a body without framing while the connection was open";
                }
                ends++;
                body = null;
            } else {
                return "fired " + what;
            }
        }
        return null;
    }

    /** Null if a well-formed sample gave exactly what it should, else what differs. */
    private static String expectationProblem(OursRun run, Expected expected) {
        String trace = trace(run);
        if (!trace.equals(expected.trace)) {
            return "not the heads, body and END of the response";
        }
        HeadFacts last = finalHead(run);
        if (last.framing != expected.framing || last.contentLength != expected.contentLength
                || last.keepAlive != expected.keepAlive) {
            return "final head " + last + ", expected framing " + expected.framing + ", length "
                    + expected.contentLength + ", keep-alive " + expected.keepAlive;
        }
        if (expected.tunnel != null) {
            byte[] handed = run.handedOver.toByteArray();
            return java.util.Arrays.equals(handed, expected.tunnel) ? null
                    : "after the 101 handed over " + PrintableBytes.of(handed) + " instead of " + PrintableBytes.of(expected.tunnel);
        }
        if (!run.endsWhileOpen.equals(List.of(!expected.endsOnClose))) {
            return "END came " + (expected.endsOnClose ? "before" : "after") + " the close";
        }
        return null;
    }

    /** What was fired up to the end of the first final response (or a 101), as a trace. */
    private static String trace(OursRun run) {
        StringBuilder t = new StringBuilder();
        int status = -1;
        for (Object e : run.events) {
            if (e instanceof HeadFacts h) {
                status = h.status;
                t.append(head(status));
                if (status == 101) {
                    break;
                }
            } else if (e instanceof byte[] b) {
                t.append(new String(b, ISO_8859_1));
            } else if (e == END_EVENT) {
                t.append(END);
                if (status >= 200) {
                    break;
                }
            } else {
                t.append(ERROR);
                break;
            }
        }
        return t.toString();
    }

    /**
     * Whether two traces of one input tell the same story. One exception: a fault in a head that
     * has not ended is found at once when the whole head is in one read, but a head that arrives in
     * parts is judged only at its status line, a bare LF or its blank line; if the input ends before
     * that, the cut reads have fired less, and nothing wrong.
     */
    private static boolean sameOutcome(String a, String b) {
        return a.equals(b) || stillPending(a, b) || stillPending(b, a);
    }

    private static boolean stillPending(String rejected, String pending) {
        return rejected.endsWith(String.valueOf(ERROR)) && pending.indexOf(ERROR) < 0 && pending.indexOf(END) < 0
                && rejected.startsWith(pending);
    }

    private static HeadFacts finalHead(OursRun run) {
        for (Object e : run.events) {
            if (e instanceof HeadFacts h && (h.status >= 200 || h.status == 101)) {
                return h;
            }
        }
        return null;
    }

    /** Where the body of the first final response starts: after every head before it and its own. */
    private static int bodyStart(OursRun run) {
        int at = 0;
        for (Object e : run.events) {
            if (e instanceof HeadFacts h) {
                at += h.length;
                if (h.status >= 200) {
                    break;
                }
            }
        }
        return at;
    }

    private static Throwable firstError(OursRun run) {
        return run.events.stream().filter(Throwable.class::isInstance).map(Throwable.class::cast).findFirst()
                .orElseThrow();
    }

    // ---------------------------------------------------------------- RFC 9112 §7.1, for judging Netty's refusals

    private static final String TCHAR = "!#$%&'*+\\-.^_`|~0-9A-Za-z";
    private static final String TOKEN = "[" + TCHAR + "]+";
    private static final String BWS = "[ \\t]*";
    private static final String QUOTED = "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]|\\\\[\\t \\x21-\\x7E\\x80-\\xFF])*\"";
    // chunk-size [ chunk-ext ], chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
    private static final Pattern CHUNK_LINE = Pattern.compile("[0-9A-Fa-f]+(?:" + BWS + ";" + BWS + TOKEN
            + "(?:" + BWS + "=" + BWS + "(?:" + TOKEN + "|" + QUOTED + "))?)*");
    private static final Pattern FIELD_LINE = Pattern.compile(TOKEN + ":[\\t \\x21-\\x7E\\x80-\\xFF]*");

    /**
     * Null if the chunked body from {@code from} follows RFC 9112 §7.1 as far as the input goes (it
     * may end early) or until more than {@code upTo} bytes of data have passed, else which line does
     * not.
     */
    static String chunkedBodyProblem(byte[] input, int from, int upTo) {
        String s = new String(input, ISO_8859_1);
        int at = from;
        long data = 0;
        boolean trailers = false;
        while (at < s.length() && data <= upTo) {
            int lf = s.indexOf('\n', at);
            if (lf < 0) {
                return null;
            }
            if (lf == at || s.charAt(lf - 1) != '\r') {
                return (trailers ? "trailer" : "chunk") + " line not ended by CRLF";
            }
            String line = s.substring(at, lf - 1);
            at = lf + 1;
            if (trailers) {
                if (line.isEmpty()) {
                    return null;
                }
                if (!FIELD_LINE.matcher(line).matches()) {
                    return "trailer line is not a field line: " + PrintableBytes.of(line.getBytes(ISO_8859_1));
                }
                continue;
            }
            int digits = 0;
            while (digits < line.length() && Character.digit(line.charAt(digits), 16) >= 0) {
                digits++;
            }
            if (!CHUNK_LINE.matcher(line).matches()) {
                String rest = line.substring(digits);
                String what = digits == 0 || rest.isEmpty() || !(rest.charAt(0) == ';' || isOws(rest.charAt(0)))
                        ? "not a chunk size" : rest.strip().startsWith(";") ? "a chunk extension outside the grammar"
                        : "whitespace after the chunk size not followed by ';'";
                return what + ": " + PrintableBytes.of(line.getBytes(ISO_8859_1));
            }
            String hex = line.substring(0, digits).replaceFirst("^0+(?=.)", "");
            if (hex.length() > 15) {
                return null;
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                trailers = true;
                continue;
            }
            if (s.length() - at < size) {
                return null;
            }
            at += (int) size;
            data += size;
            if (data > upTo) {
                return null;
            }
            String rest = s.substring(at, Math.min(s.length(), at + 2));
            if (!"\r\n".startsWith(rest)) {
                return "chunk data not followed by CRLF";
            }
            at += 2;
        }
        return null;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    // ---------------------------------------------------------------- well-formed responses

    private static final String TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-";
    private static final String[] COMMON_NAMES = {"Content-Type", "Date", "Server", "Cache-Control", "ETag", "Vary",
        "Set-Cookie", "Last-Modified", "Location", "X-Request-Id", "Keep-Alive", "Content-Encoding", "Link",
        "Accept-Ranges", "Trailer", "X-Forwarded-For"};
    // Names that change framing or connection handling are placed by the generator, never at random.
    private static final Set<String> RESERVED = Set.of("content-length", "transfer-encoding", "connection", "upgrade",
        "sec-websocket-accept", "sec-websocket-location");
    private static final String[] OWS = {"", "", "", " ", "  ", "\t", " \t "};
    private static final String[] TE_CHUNKED = {"chunked", "Chunked", "CHUNKED", "gzip, chunked", "gzip,chunked",
        "deflate ,\tchunked", "identity, chunked"};

    /** A response and what the parser must make of it. */
    private record Sample(byte[] bytes, boolean headRequest, Expected expected) {
    }

    /**
     * @param trace      the heads, body bytes and END
     * @param endsOnClose whether END comes only with the close (no framing)
     * @param tunnel     after a 101: the bytes handed to whoever takes over; else null
     */
    private record Expected(String trace, Framing framing, long contentLength, boolean keepAlive, boolean endsOnClose,
            byte[] tunnel) {
    }

    private static Sample wellFormed(Random r, boolean mayAnswerHead) {
        boolean http10 = r.nextInt(4) == 0;
        boolean headRequest = mayAnswerHead && r.nextInt(10) == 0;
        StringBuilder out = new StringBuilder();
        StringBuilder trace = new StringBuilder();
        int status = 100 + r.nextInt(500);
        // Interim heads come first, with no framing of their own; a 101 ends what is HTTP.
        while (status < 200 && status != 101) {
            out.append(statusLine(r, http10, status));
            for (int i = r.nextInt(3); i > 0; i--) {
                out.append(fieldLine(r, randomName(r)));
            }
            out.append("\r\n");
            trace.append(head(status));
            status = r.nextInt(5) == 0 ? 100 + r.nextInt(100) : 200 + r.nextInt(400);
        }
        out.append(statusLine(r, http10, status));
        List<String> fields = new ArrayList<>();
        for (int i = r.nextInt(r.nextInt(8) == 0 ? 30 : 8); i > 0; i--) {
            fields.add(fieldLine(r, randomName(r)));
        }
        boolean close = false;
        boolean keepAliveToken = false;
        for (int lines = r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0; lines > 0; lines--) {
            List<String> options = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                String option = switch (r.nextInt(4)) {
                    case 0 -> "close";
                    case 1 -> "keep-alive";
                    case 2 -> randomName(r);
                    default -> fields.isEmpty() ? "X-Gone" : fields.get(r.nextInt(fields.size())).split(":")[0];
                };
                close |= option.equalsIgnoreCase("close");
                keepAliveToken |= option.equalsIgnoreCase("keep-alive");
                options.add(randomCase(r, option));
            }
            String separator = new String[] {", ", ",", " , ", ",\t", ", , "}[r.nextInt(5)];
            fields.add(r.nextInt(fields.size() + 1), "Connection:" + pick(r, OWS) + String.join(separator, options)
                    + pick(r, OWS) + "\r\n");
        }
        if (status == 101) {
            // Whatever follows is the new protocol's, held for whoever takes the connection over.
            fields.forEach(out::append);
            out.append("\r\n");
            byte[] tunnel = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(200)];
            r.nextBytes(tunnel);
            trace.append(head(101));
            byte[] bytes = concat(out.toString().getBytes(ISO_8859_1), tunnel);
            return new Sample(bytes, headRequest, new Expected(trace.toString(), Framing.NONE, -1,
                    http10 ? keepAliveToken && !close : !close, false, tunnel));
        }
        boolean bodyless = status == 204 || status == 304 || headRequest;
        // 0: Content-Length, 1: chunked (HTTP/1.1 only: RFC 9112 §6.1), 2: no framing.
        int kind = http10 ? 2 * r.nextInt(2) : r.nextInt(3);
        byte[] body = randomBody(r);
        String bodyOnWire = "";
        Framing framing;
        long length = -1;
        if (kind == 0) {
            long declared = bodyless ? r.nextInt(2000) : body.length;
            fields.add(r.nextInt(fields.size() + 1), randomCase(r, "Content-Length") + ":" + pick(r, OWS)
                    + "0".repeat(r.nextInt(8) == 0 ? 1 + r.nextInt(3) : 0) + declared + pick(r, OWS) + "\r\n");
            framing = Framing.LENGTH;
            length = declared;
            bodyOnWire = latin1(body);
        } else if (kind == 1) {
            fields.add(r.nextInt(fields.size() + 1), randomCase(r, "Transfer-Encoding") + ":" + pick(r, OWS)
                    + pick(r, TE_CHUNKED) + pick(r, OWS) + "\r\n");
            framing = Framing.CHUNKED;
            bodyOnWire = chunked(r, body);
        } else {
            framing = Framing.UNTIL_CLOSE;
            bodyOnWire = latin1(body);
        }
        fields.forEach(out::append);
        out.append("\r\n");
        trace.append(head(status));
        if (bodyless) {
            framing = Framing.NONE;
            length = -1;
            trace.append(END);
        } else {
            out.append(bodyOnWire);
            trace.append(latin1(body)).append(END);
        }
        boolean keepAlive = (http10 ? keepAliveToken && !close : !close) && framing != Framing.UNTIL_CLOSE;
        return new Sample(out.toString().getBytes(ISO_8859_1), headRequest, new Expected(trace.toString(), framing,
                framing == Framing.LENGTH ? length : -1, keepAlive, framing == Framing.UNTIL_CLOSE, null));
    }

    private static String statusLine(Random r, boolean http10, int status) {
        String reason = switch (r.nextInt(4)) {
            case 0 -> "";
            case 1 -> " ";
            default -> " " + randomText(r, 1 + r.nextInt(20));
        };
        return (http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + status + reason + "\r\n";
    }

    private static String fieldLine(Random r, String name) {
        return name + ":" + pick(r, OWS) + randomText(r, r.nextInt(r.nextInt(10) == 0 ? 300 : 40)) + pick(r, OWS)
                + "\r\n";
    }

    private static String randomName(Random r) {
        if (r.nextInt(3) == 0) {
            return randomCase(r, pick(r, COMMON_NAMES));
        }
        while (true) {
            StringBuilder b = new StringBuilder();
            for (int i = 1 + r.nextInt(16); i > 0; i--) {
                String from = r.nextInt(4) == 0 ? TCHARS : LETTERS;
                b.append(from.charAt(r.nextInt(from.length())));
            }
            String name = b.toString();
            if (!RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                return name;
            }
        }
    }

    /** Field-value bytes: visible ASCII, SP, HTAB and obs-text (0x80-0xFF); no control byte. */
    private static String randomText(Random r, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int k = r.nextInt(20);
            b.append(k < 13 ? (char) (0x21 + r.nextInt(94)) : k < 15 ? ' ' : k < 17 ? '\t' : (char) (0x80 + r.nextInt(128)));
        }
        return b.toString();
    }

    private static byte[] randomBody(Random r) {
        byte[] body = new byte[r.nextInt(5) == 0 ? 0 : r.nextInt(r.nextBoolean() ? 40 : 3000)];
        r.nextBytes(body);
        return body;
    }

    /** The body in chunks of random sizes, with extensions, and a last chunk with trailers. */
    private static String chunked(Random r, byte[] body) {
        StringBuilder w = new StringBuilder();
        int max = new int[] {1, 7, 64, 1000}[r.nextInt(4)];
        for (int at = 0; at < body.length; ) {
            int n = Math.min(body.length - at, 1 + r.nextInt(max));
            String hex = Integer.toHexString(n);
            w.append("0".repeat(r.nextInt(6) == 0 ? 1 + r.nextInt(3) : 0))
                    .append(r.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT))
                    .append(chunkExtensions(r)).append("\r\n")
                    .append(new String(body, at, n, ISO_8859_1)).append("\r\n");
            at += n;
        }
        w.append("0".repeat(1 + r.nextInt(2))).append(chunkExtensions(r)).append("\r\n");
        for (int i = r.nextInt(3); i > 0; i--) {
            w.append(fieldLine(r, randomName(r)));
        }
        return w.append("\r\n").toString();
    }

    /** Zero or more chunk extensions in the grammar of RFC 9112 §7.1.1 (and in the part of it Netty takes). */
    private static String chunkExtensions(Random r) {
        if (r.nextInt(4) != 0) {
            return "";
        }
        StringBuilder e = new StringBuilder();
        boolean afterToken = false;
        for (int i = 1 + r.nextInt(2); i > 0; i--) {
            // Netty refuses BWS after a token value, though the grammar allows it.
            e.append(afterToken ? "" : pick(r, new String[] {"", "", " ", "\t"})).append(';')
                    .append(pick(r, new String[] {"", "", " "})).append(randomToken(r));
            afterToken = false;
            switch (r.nextInt(3)) {
                case 0 -> {
                    e.append('=').append(randomToken(r));
                    afterToken = true;
                }
                case 1 -> e.append(pick(r, new String[] {"", " "})).append('=').append(pick(r, new String[] {"", " "}))
                        .append(quoted(r));
                default -> {
                }
            }
        }
        return e.toString();
    }

    private static String randomToken(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + r.nextInt(8); i > 0; i--) {
            b.append(TCHARS.charAt(r.nextInt(TCHARS.length())));
        }
        return b.toString();
    }

    private static String quoted(Random r) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = r.nextInt(10); i > 0; i--) {
            if (r.nextInt(6) == 0) {
                b.append('\\').append((char) (0x21 + r.nextInt(94)));
            } else {
                // obs-text is allowed here, but Netty fails on it: rare, so most quoted values still compare.
                int k = r.nextInt(30);
                char c = k == 0 ? (char) (0x80 + r.nextInt(128)) : k == 1 ? '\t' : (char) (0x20 + r.nextInt(95));
                b.append(c == '"' || c == '\\' ? 'q' : c);
            }
        }
        return b.append('"').toString();
    }

    // ---------------------------------------------------------------- mutations

    private static final char[] SPECIAL = {'\r', '\n', '\0', ' ', '\t', ':', ';', ',', '"', '=', '\u007f', '\u0080',
        '\u00ff', '0', 'f', 'G'};
    private static final String[] TE_VALUES = {" chunked,", " chunked, chunked", " , chunked", " chunked , ",
        " gzip, chunked", " chunked, gzip", " identity", " chunked;q=1", " \"chunked\"", " chunked\t", "", " chunke",
        " chunked,,", " xchunked", " Chunked", " chunked\u0080"};
    private static final String[] CHUNK_LINE_TAILS = {" x", " ", "\t", ";a b", ";\"", ";a=\"x", ";=v", ";a=b ;c",
        ";a=\"q\" ;c", "g", ";\u0080", "; a", ";a= b", ";a=b\t", " ;", ";", ";a=", ";a=\"\\\"", ";a=\"\u0001\"",
        " 0", ";a=b;", ";a=\"b\"c"};
    private static final String[] TRAILER_LINES = {"X-T : v\r\n", " folded\r\n", "X-T: a\u0001b\r\n",
        "Content-Length: 5\r\n", "X-T: v\n", "bad\r\n", ": v\r\n", "X-T: v\r\n", "X-T:\r\n", "X-T: \u00ff\t\r\n"};
    private static final String[] AFTER = {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "x", "\r\n", "0\r\n\r\n"};
    private static final Pattern FRAMING_LINE =
            Pattern.compile("(?im)^(?:content-length|transfer-encoding)[ \\t]*:[^\\r\\n]*\\r?\\n");
    private static final Pattern TE_VALUE = Pattern.compile("(?i)(transfer-encoding[ \\t]*:)([^\\r\\n]*)");
    private static final Pattern CL_VALUE = Pattern.compile("(?i)(content-length[ \\t]*:)[ \\t]*([0-9]+)[ \\t]*");
    private static final Pattern CHUNK_SIZE = Pattern.compile("\r\n([0-9a-fA-F]+)(?=[;\r \t])");

    private static byte[] mutate(byte[] input, Random r) {
        String s = new String(input, ISO_8859_1);
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            s = mutateOnce(s, r);
        }
        return s.getBytes(ISO_8859_1);
    }

    private static String mutateOnce(String s, Random r) {
        if (s.isEmpty()) {
            return "HTTP/1.1 200 OK\r\n\r\n";
        }
        int headEnd = s.indexOf("\r\n\r\n");
        headEnd = headEnd < 0 ? s.length() : headEnd + 2;
        int firstLineEnd = Math.max(0, Math.min(headEnd, s.indexOf('\n') + 1));
        int at = r.nextInt(s.length());
        int inHead = r.nextInt(headEnd);
        switch (r.nextInt(19)) {
            case 0 -> {
                return s.substring(0, at) + (char) (s.charAt(at) ^ (1 << r.nextInt(8))) + s.substring(at + 1);
            }
            case 1 -> {
                return s.substring(0, at) + SPECIAL[r.nextInt(SPECIAL.length)] + s.substring(at + 1);
            }
            case 2 -> {
                return s.substring(0, at) + SPECIAL[r.nextInt(SPECIAL.length)] + s.substring(at);
            }
            case 3 -> {
                return s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(8)));
            }
            case 4 -> {
                // One CRLF, anywhere, becomes a bare LF.
                List<Integer> crlfs = indexesOf(s, "\r\n", 0, s.length());
                if (crlfs.isEmpty()) {
                    return s;
                }
                int p = crlfs.get(r.nextInt(crlfs.size()));
                return s.substring(0, p) + s.substring(p + 1);
            }
            case 5 -> {
                return s.substring(0, headEnd).replace("\r\n", "\n") + s.substring(headEnd);
            }
            case 6 -> {
                // Whitespace between a field name and its colon.
                List<Integer> colons = indexesOf(s, ":", firstLineEnd, headEnd);
                if (colons.isEmpty()) {
                    return s;
                }
                int p = colons.get(r.nextInt(colons.size()));
                return s.substring(0, p) + (r.nextBoolean() ? " " : "\t") + s.substring(p);
            }
            case 7 -> {
                // A framing line (or any head line) twice, sometimes with another value.
                Matcher m = FRAMING_LINE.matcher(s.substring(0, headEnd));
                if (m.find()) {
                    String line = m.group();
                    String twice = r.nextBoolean() ? line : line.replaceFirst("[0-9]+", "1$0");
                    return s.substring(0, m.end()) + twice + s.substring(m.end());
                }
                int start = s.lastIndexOf('\n', inHead) + 1;
                int end = s.indexOf('\n', inHead) + 1;
                return end <= start ? s : s.substring(0, end) + s.substring(start, end) + s.substring(end);
            }
            case 8 -> {
                // Framing that conflicts with what is there.
                String line = r.nextBoolean() ? "Content-Length: " + r.nextInt(20) + "\r\n" : "Transfer-Encoding: chunked\r\n";
                return s.substring(0, firstLineEnd) + line + s.substring(firstLineEnd);
            }
            case 9 -> {
                // obs-fold: a header line continued on the next.
                List<Integer> ends = indexesOf(s, "\r\n", firstLineEnd, Math.max(firstLineEnd, headEnd - 2));
                if (ends.isEmpty()) {
                    return s;
                }
                int p = ends.get(r.nextInt(ends.size()));
                return s.substring(0, p) + "\r\n" + (r.nextBoolean() ? " " : "\t") + "more" + s.substring(p);
            }
            case 10 -> {
                if (s.length() < 12) {
                    return s;
                }
                if (r.nextBoolean()) {
                    String[] versions = {"HTTP/1.2", "HTTP/2.0", "http/1.1", "HTTP/1.10", "HTTP/1", "HTTP/01.1", "HTTP/1.1 ",
                        "HTTP/0.9", "HTTP/1.1\t"};
                    return pick(r, versions) + s.substring(8);
                }
                String[] codes = {"600", "099", "000", "2000", "20", "+20", "2 0", " 200", "1000", "200\t", "2\u00b20"};
                return s.substring(0, 9) + pick(r, codes) + s.substring(12);
            }
            case 11 -> {
                return s.substring(0, at);
            }
            case 12 -> {
                return (r.nextBoolean() ? "\r\n" : "\n") + s;
            }
            case 13 -> {
                Matcher m = TE_VALUE.matcher(s.substring(0, headEnd));
                String value = pick(r, TE_VALUES);
                if (m.find()) {
                    return s.substring(0, m.start(2)) + value + s.substring(m.end(2));
                }
                return s.substring(0, firstLineEnd) + "Transfer-Encoding:" + value + "\r\n" + s.substring(firstLineEnd);
            }
            case 14 -> {
                Matcher m = CL_VALUE.matcher(s.substring(0, headEnd));
                if (!m.find()) {
                    return s;
                }
                String v = m.group(2);
                String[] values = {"+" + v, "-" + v, v + ", " + v, v + "," + v, v + " " + v, "0x" + v, "", " " + v + " ",
                    "0" + v, v + "\t", "1e3", "99999999999999999999", v + ";", v + "0", v.length() > 1 ? v.substring(1) : "1"};
                return s.substring(0, m.start(2)) + pick(r, values) + s.substring(m.end(2));
            }
            case 15 -> {
                // A chunk-size line: another size, or bytes after the size.
                Matcher m = CHUNK_SIZE.matcher(s);
                List<int[]> sizes = new ArrayList<>();
                for (int from = headEnd; from >= 0 && from < s.length() && m.find(from); from = m.end()) {
                    sizes.add(new int[] {m.start(1), m.end(1)});
                }
                if (sizes.isEmpty()) {
                    return s;
                }
                int[] size = sizes.get(r.nextInt(sizes.size()));
                String digits = s.substring(size[0], size[1]);
                if (r.nextInt(3) > 0) {
                    return s.substring(0, size[1]) + pick(r, CHUNK_LINE_TAILS) + s.substring(size[1]);
                }
                long n = Long.parseLong(digits.length() > 15 ? "1" : digits, 16);
                String[] others = {Long.toHexString(n + 1), Long.toHexString(Math.max(0, n - 1)), "-1", "0x" + digits,
                    "ffffffffffffffff", "7fffffff", "80000000", "", "0" + digits, digits + " " + digits, "00000000000000001"};
                return s.substring(0, size[0]) + pick(r, others) + s.substring(size[1]);
            }
            case 16 -> {
                if (!s.endsWith("\r\n")) {
                    return s;
                }
                return s.substring(0, s.length() - 2) + pick(r, TRAILER_LINES) + "\r\n";
            }
            case 17 -> {
                return s + pick(r, AFTER);
            }
            default -> {
                char c = r.nextInt(8) == 0 ? '\u007f' : (char) r.nextInt(0x20);
                return s.substring(0, inHead) + c + s.substring(inHead);
            }
        }
    }

    private static List<Integer> indexesOf(String s, String what, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = s.indexOf(what, from); i >= 0 && i < to; i = s.indexOf(what, i + 1)) {
            out.add(i);
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** Read sizes for an input: byte by byte, small, medium, large, or a few random cuts. */
    private static int[] randomPieces(Random r, int length) {
        int max = switch (r.nextInt(5)) {
            case 0 -> length > 600 ? 4 : 1;
            case 1 -> 8;
            case 2 -> 64;
            case 3 -> 512;
            default -> Math.max(1, length / 2);
        };
        List<Integer> out = new ArrayList<>();
        for (int at = 0; at < length; ) {
            int n = Math.min(length - at, 1 + r.nextInt(max));
            out.add(n);
            at += n;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private record Finding(long seed, byte[] input, int[] pieces, String ours, String netty, String chunkProblem) {
    }

    private static char head(int status) {
        return (char) (HEAD + Math.min(status, 0xFFF));
    }

    private static boolean isHead(int c) {
        return c >= HEAD && c <= HEAD + 0xFFF;
    }

    /** How many body bytes a trace holds. */
    private static int bodyBytes(String trace) {
        return (int) trace.chars().filter(c -> c < 0x100).count();
    }

    private static String kind(int c) {
        if (c < 0) {
            return "fires nothing more";
        }
        if (isHead(c)) {
            return "fires a head";
        }
        return c == END ? "fires END" : c == ERROR ? "rejects" : "fires body bytes";
    }

    /** A trace for people: markers spelled out, bytes escaped. */
    private static String render(String trace) {
        StringBuilder b = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (char c : trace.toCharArray()) {
            if (c < 0x100) {
                body.append(c);
                continue;
            }
            if (body.length() > 0) {
                b.append("[body ").append(PrintableBytes.of(body.toString().getBytes(ISO_8859_1))).append("] ");
                body.setLength(0);
            }
            b.append(c == END ? "[END] " : c == ERROR ? "[ERROR] " : "[head " + (c - HEAD) + "] ");
        }
        if (body.length() > 0) {
            b.append("[body ").append(PrintableBytes.of(body.toString().getBytes(ISO_8859_1))).append("]");
        }
        return b.toString().strip();
    }

    private static String report(long seed, byte[] input, int[] pieces, String problem) {
        String reads = java.util.Arrays.toString(pieces).replaceAll("(.{120}).+", "$1...");
        return "seed " + seed + " (replay: -Dfuzz.seed=" + seed + " -Dfuzz.cases=1)" + (problem.isEmpty() ? "" : ": " + problem)
                + "\ninput (" + input.length + " bytes, reads " + reads + "): " + PrintableBytes.of(input);
    }

    /** A message without its numbers, so that alike messages count together. */
    private static String normalize(String message) {
        String m = String.valueOf(message).replaceAll("[0-9]+", "#").replaceAll("\\[.*", "");
        return m.length() > 100 ? m.substring(0, 100) : m;
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    private static String randomCase(Random r, String s) {
        return switch (r.nextInt(4)) {
            case 0 -> s.toLowerCase(Locale.ROOT);
            case 1 -> s.toUpperCase(Locale.ROOT);
            default -> s;
        };
    }

    private static String latin1(byte[] b) {
        return new String(b, ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }
}
