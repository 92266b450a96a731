package dev.gatehouse.health;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.config.HealthCheckConfig;
import dev.gatehouse.config.load.Durations;
import dev.gatehouse.health.HealthHysteresis.Verdict;
import dev.gatehouse.runtime.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one endpoint again and again on one event loop: a new connection per probe (HTTP GET or
 * bare TCP connect), closed as soon as the outcome is known; the next probe is scheduled an
 * interval ±10% after the last one ended, so probes never pile up on a slow backend and the
 * endpoints of a pool do not probe in lockstep. Results go through a {@link HealthHysteresis},
 * and a change of verdict flips the endpoint's active-health flag; a recovery (unhealthy, then
 * healthy-threshold passes) also ends an outlier ejection.
 *
 * <p>Everything but {@link #start} and {@link #stop} runs on the probe's event loop, and nothing
 * there blocks: connect, write, read and the timeout are all asynchronous.
 */
final class EndpointProbe {

    private static final Logger log = LoggerFactory.getLogger(EndpointProbe.class);
    /** Each interval is stretched or shrunk by up to this share, at random. */
    static final double JITTER = 0.1;
    private static final int MAX_RESPONSE_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 8192;

    private final String pool;
    private final Endpoint endpoint;
    private final EndpointState state;
    private final HealthCheckConfig config;
    private final EventLoop loop;
    private final Transport transport;
    private final HealthHysteresis hysteresis;
    private final String hostHeader;
    private volatile boolean stopped;
    // Confined to the loop.
    private ScheduledFuture<?> next;
    private Attempt current;

    EndpointProbe(String pool, Endpoint endpoint, HealthCheckConfig config, EventLoop loop, Transport transport,
            Verdict initial) {
        this.pool = pool;
        this.endpoint = endpoint;
        this.state = endpoint.state();
        this.config = config;
        this.loop = loop;
        this.transport = transport;
        this.hysteresis = new HealthHysteresis(config.healthyThreshold(), config.unhealthyThreshold(), initial);
        this.hostHeader = config.host() != null ? config.host() : hostHeader(endpoint.address());
    }

    /** Schedules the first probe within the first tenth of an interval (spread at random). */
    void start() {
        long first = (long) (config.interval().toNanos() * JITTER * ThreadLocalRandom.current().nextDouble());
        try {
            loop.execute(() -> schedule(first));
        } catch (RejectedExecutionException e) {
            stopped = true; // the event loops are shutting down
        }
    }

    /**
     * Stops probing; a probe in progress is abandoned and its result ignored. With
     * {@code restore}, marks the endpoint active-healthy again (its pool no longer has checks),
     * on the loop so that no late result of this probe can undo it.
     */
    void stop(boolean restore) {
        stopped = true;
        Runnable cleanup = () -> {
            if (next != null) {
                next.cancel(false);
            }
            if (current != null) {
                current.abandon();
            }
            if (restore) {
                state.setActiveHealthy(true);
            }
        };
        try {
            loop.execute(cleanup);
        } catch (RejectedExecutionException e) {
            if (restore) {
                state.setActiveHealthy(true);
            }
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    private void schedule(long delayNanos) {
        if (stopped) {
            return;
        }
        try {
            next = loop.schedule(this::probe, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true;
        }
    }

    private void probe() {
        if (stopped) {
            return;
        }
        current = new Attempt();
        current.run();
    }

    /** One probe: a connection, maybe a request, a timeout; reports once. */
    private final class Attempt implements ProbeHandler.Result {
        private Channel channel;
        private ScheduledFuture<?> timeout;
        private boolean done;

        void run() {
            boolean http = config.type() == HealthCheckConfig.Type.HTTP;
            long timeoutNanos = config.timeout().toNanos();
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop) // the probe's own loop: every callback below runs there
                    .channel(transport.socketChannelClass())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                            (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.timeout().toMillis())))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(http ? new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(MAX_RESPONSE_LINE, MAX_HEADER_SIZE, 8192),
                                    new ProbeHandler(request(), Attempt.this));
                        }
                    } : new ChannelInboundHandlerAdapter());
            ChannelFuture connect = bootstrap.connect(endpoint.address());
            channel = connect.channel();
            timeout = loop.schedule(() -> failure("no answer within " + Durations.format(config.timeout())),
                    timeoutNanos, TimeUnit.NANOSECONDS);
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    failure(f.cause() instanceof ConnectException ? "connection refused" : "cannot connect: "
                            + ProbeHandler.describe(f.cause()));
                } else if (!http) {
                    finish(true, "connected");
                }
            });
        }

        @Override
        public void status(int status) {
            finish(config.expectedStatus().contains(status), "status " + status);
        }

        @Override
        public void failure(String reason) {
            finish(false, reason);
        }

        void abandon() {
            done = true;
            close();
        }

        private void finish(boolean passed, String detail) {
            if (done) {
                return;
            }
            done = true;
            close();
            if (stopped) {
                return;
            }
            apply(passed, detail);
            long interval = config.interval().toNanos();
            double jitter = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
            schedule((long) (interval * jitter));
        }

        private void close() {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
        }
    }

    private FullHttpRequest request() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, config.path(),
                Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.USER_AGENT, "gatehouse-health-check")
                .set(HttpHeaderNames.ACCEPT, "*/*")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return request;
    }

    private void apply(boolean passed, String detail) {
        Verdict before = hysteresis.verdict();
        Verdict after = hysteresis.record(passed);
        if (after == null) {
            if (!passed && before == Verdict.HEALTHY) {
                log.debug("pool {}: endpoint {} failed a health check ({}), {} of {} in a row", pool, endpoint.name(),
                        detail, hysteresis.failures(), config.unhealthyThreshold());
            }
            return;
        }
        if (after == Verdict.UNHEALTHY) {
            state.setActiveHealthy(false);
            log.warn("pool {}: endpoint {} failed {} health check(s) in a row (last: {}); out of rotation", pool,
                    endpoint.name(), hysteresis.failures(), detail);
        } else {
            state.setActiveHealthy(true);
            if (before == Verdict.UNHEALTHY) {
                // Checks saw it down and now see it back: an outlier ejection from the same outage
                // ends too (as Envoy's successful_active_health_check_uneject_host), so a restarted
                // backend returns after healthy-threshold probes, not after its ejection time.
                boolean wasEjected = state.isEjected();
                state.setEjected(false);
                log.info("pool {}: endpoint {} passed {} health check(s) in a row; back in rotation{}", pool,
                        endpoint.name(), hysteresis.passes(), wasEjected ? " (its outlier ejection ends)" : "");
            } else {
                log.debug("pool {}: endpoint {} passed its first health check", pool, endpoint.name());
            }
        }
    }

    /** {@code host:port} as configured (a host name stays a name), IPv6 literals in brackets. */
    static String hostHeader(InetSocketAddress address) {
        String host = address.getHostString();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return host + ":" + address.getPort();
    }
}
