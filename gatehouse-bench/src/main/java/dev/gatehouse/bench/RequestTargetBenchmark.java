package dev.gatehouse.bench;

import dev.gatehouse.exchange.RequestTarget;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of reading where a request goes, paid once per request before routing:
 * {@link RequestTarget#parse} of the request-target and {@link RequestTarget#hostWithoutPort} of
 * the {@code Host} header (or the absolute-form authority).
 *
 * <p>Covers the common origin-form with and without a query, the absolute-form a proxy-aware
 * client sends, and host headers already lower-case (no copy) or mixed-case with a port (one
 * substring plus one lower-casing copy), and a bracketed IPv6 literal.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestTargetBenchmark {

    // Fields, not constants, so the JIT cannot fold the inputs.
    String originForm = "/api/v1/users/12345/orders";
    String originFormWithQuery = "/api/v1/users/12345/orders?page=2&size=50&sort=created";
    String absoluteForm = "http://API.Example.com:8080/api/v1/users/12345?page=2";
    String lowerHost = "api.example.com";
    String mixedHostWithPort = "API.Example.COM:8080";
    String ipv6HostWithPort = "[2001:db8::1]:8443";

    @Benchmark
    public RequestTarget parseOriginForm() {
        return RequestTarget.parse(originForm);
    }

    @Benchmark
    public RequestTarget parseOriginFormWithQuery() {
        return RequestTarget.parse(originFormWithQuery);
    }

    @Benchmark
    public void parseAbsoluteFormAndHost(Blackhole bh) {
        RequestTarget target = RequestTarget.parse(absoluteForm);
        bh.consume(target);
        bh.consume(RequestTarget.hostWithoutPort(target.authority()));
    }

    @Benchmark
    public String hostLowerCaseNoPort() {
        return RequestTarget.hostWithoutPort(lowerHost);
    }

    @Benchmark
    public String hostMixedCaseWithPort() {
        return RequestTarget.hostWithoutPort(mixedHostWithPort);
    }

    @Benchmark
    public String hostIpv6WithPort() {
        return RequestTarget.hostWithoutPort(ipv6HostWithPort);
    }
}
