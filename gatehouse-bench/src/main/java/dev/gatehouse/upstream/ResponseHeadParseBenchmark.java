package dev.gatehouse.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of reading a backend's response: {@link ResponseParser} over a whole response that
 * arrives in one read, from its status line to {@link ResponseParser#END}, on the two
 * {@link BackendResponses}. (In this package because the parser is internal to it.)
 *
 * <p>The parser's output is what it fires to the next handler, so it runs where the gateway runs
 * it: in a pipeline, here an {@link EmbeddedChannel}'s, whose next handler hands each message to
 * the {@link Blackhole} and releases it. A read enters by {@code pipeline().fireChannelRead}, as a
 * socket read does, not by {@code writeInbound}, which on every call also fires read-complete,
 * runs pending tasks and checks for exceptions: harness work that would be a good part of a
 * score this small. The hop from handler to handler per message fired stays in, since the gateway
 * pays it too.
 *
 * <p>Each read is the same direct buffer from the default allocator, made once, rewound and
 * retained for the parser, which releases it as it releases a socket read's buffer. Not a
 * {@code retainedDuplicate()}: the parser would then read every byte through the duplicate's
 * wrapper, which a socket read's buffer does not have. What the parser passes on holds
 * references to the buffer and the sink drops them, so the buffer is back to its one reference
 * after each call (checked at tear-down). {@link #floor} sends the buffer through the pipeline with
 * no parser in it: the harness's share of a score, for one message (the parser fires three for
 * the small response, four for the large one).
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResponseHeadParseBenchmark {

    private Reader small;
    private Reader large;
    private Reader floor;

    @Setup(Level.Trial)
    public void setUp() {
        small = new Reader(new ResponseParser(), BackendResponses.SMALL);
        large = new Reader(new ResponseParser(), BackendResponses.LARGE);
        floor = new Reader(null, BackendResponses.SMALL);
        // A response the parser refused would leave it discarding everything at no cost.
        BackendResponses.parse(ByteBufAllocator.DEFAULT, BackendResponses.SMALL, ResponseHead.Framing.LENGTH,
                BackendResponses.SMALL_BODY).release();
        BackendResponses.parse(ByteBufAllocator.DEFAULT, BackendResponses.LARGE, ResponseHead.Framing.CHUNKED,
                BackendResponses.LARGE_BODY).release();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        small.close();
        large.close();
        floor.close();
    }

    @Benchmark
    public void small(Blackhole bh) {
        small.read(bh);
    }

    @Benchmark
    public void large(Blackhole bh) {
        large.read(bh);
    }

    @Benchmark
    public void floor(Blackhole bh) {
        floor.read(bh);
    }

    /** One backend connection: a parser (or none, for the floor) and the response it reads again and again. */
    private static final class Reader {

        private final ResponseParser parser;
        private final EmbeddedChannel channel;
        private final ChannelPipeline pipeline;
        private final Sink sink = new Sink();
        private final ByteBuf input;

        Reader(ResponseParser parser, String response) {
            this.parser = parser;
            channel = parser == null ? new EmbeddedChannel(sink) : new EmbeddedChannel(parser, sink);
            pipeline = channel.pipeline();
            input = BackendResponses.direct(ByteBufAllocator.DEFAULT, response);
        }

        void read(Blackhole bh) {
            if (parser != null) {
                // As the gateway does before each request it sends.
                parser.expectResponseTo(false);
            }
            sink.bh = bh;
            pipeline.fireChannelRead(input.retain().readerIndex(0));
        }

        void close() {
            // A parser that failed or closed the connection part-way would have measured another path.
            channel.checkException();
            boolean open = channel.isActive();
            channel.finishAndReleaseAll();
            int refs = input.refCnt();
            input.release();
            if (!open || refs != 1) {
                throw new IllegalStateException("connection open: " + open + ", input references left: " + refs);
            }
        }
    }

    /** The next handler: takes everything the parser passes on, so none of it is left unreleased. */
    private static final class Sink extends ChannelInboundHandlerAdapter {

        Blackhole bh;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bh.consume(msg);
            ReferenceCountUtil.release(msg);
        }
    }
}
