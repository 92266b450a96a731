package dev.gatehouse.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.config.load.ConfigException;
import dev.gatehouse.config.load.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random-mutation fuzzing of the config loader: valid YAML files with lines deleted,
 * duplicated, swapped or re-indented and bytes mutated → {@code ConfigLoader.parse} returns a
 * config or throws {@link ConfigException}, never another exception, and never hangs.
 *
 * <p>Bounded by time ({@code -Dfuzz.seconds}, default 20); {@code -Dfuzz.seed} replays a run.
 */
class ConfigLoaderFuzzTest {

    private static final String[] SEEDS = {
        """
        listeners:
          - name: public
            address: 0.0.0.0:8080
            limits: { max-request-line: 4KiB, max-header-size: 16KiB, header-timeout: 5s, idle-timeout: 2m }
        admin:
          address: 127.0.0.1:9901
        routes:
          - name: api
            match: { host: api.example.com, path-prefix: /api/ }
            pool: api
            retries: { attempts: 3, on: [connect-failure, reset, 503], per-try-timeout: 2s }
            rate-limit: { key: "header:X-Client", rate: 100/s, burst: 200 }
          - match: { path-prefix: / }
            pool: web
        pools:
          web:
            strategy: round-robin
            backends:
              - { name: A, address: 10.0.0.11:8080, weight: 2 }
              - { name: B, address: 10.0.0.12:8080 }
          api:
            strategy: consistent-hash
            hash-key: header:X-User-Id
            backends:
              - name: C
                address: "[::1]:9000"
        """,
        """
        listeners:
          - name: public
            address: 127.0.0.1:8080
        admin:
          address: 127.0.0.1:9901
        routes:
          - match:
              path-prefix: /
            pool: web
            rate-limit:
              key: client-ip
              rate: 5/m
        pools:
          web:
            strategy: least-connections
            backends:
              - name: A
                address: localhost:9001
        """,
    };

    @Test
    void mutatedConfigsLoadOrFailWithConfigExceptionAndNeverHang() {
        long seed = Long.getLong("fuzz.seed", 0xc0_f1_6L);
        long budget = Long.getLong("fuzz.seconds", 20) * 1_000_000_000L;
        long start = System.nanoTime();
        int runs = 0;
        int loaded = 0;
        while (System.nanoTime() - start < budget) {
            long inputSeed = seed + runs;
            Random random = new Random(inputSeed);
            String yaml = mutate(SEEDS[random.nextInt(SEEDS.length)], random);
            runs++;
            try {
                boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    try {
                        ConfigLoader.parse(yaml, "fuzz.yaml");
                        return true;
                    } catch (ConfigException e) {
                        assertThat(e.problems()).isNotEmpty();
                        return false;
                    }
                });
                loaded += ok ? 1 : 0;
            } catch (Throwable t) {
                fail("seed " + inputSeed + " (replay: -Dfuzz.seed=" + inputSeed + "): " + t + "\ninput:\n" + yaml, t);
            }
        }
        System.out.println("ConfigLoaderFuzzTest: " + runs + " inputs from seed " + seed + ", " + loaded + " loaded");
        assertThat(runs).isPositive();
    }

    private static String mutate(String yaml, Random r) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n && !lines.isEmpty(); i++) {
            int at = r.nextInt(lines.size());
            switch (r.nextInt(6)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(at));
                case 2 -> lines.set(at, " ".repeat(r.nextInt(6)) + lines.get(at).stripLeading());
                case 3 -> {
                    int other = r.nextInt(lines.size());
                    String l = lines.get(at);
                    lines.set(at, lines.get(other));
                    lines.set(other, l);
                }
                case 4 -> lines.set(at, lines.get(at).replaceFirst(":", r.nextBoolean() ? "" : ": : "));
                default -> {
                    byte[] b = Mutator.mutate(lines.get(at).getBytes(StandardCharsets.ISO_8859_1), r);
                    lines.set(at, new String(b, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return String.join("\n", lines);
    }
}
