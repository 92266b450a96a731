/**
 * JMH benchmarks for the per-request hot paths: endpoint picking, routing and request-target
 * parsing. Run with {@code java -jar gatehouse-bench/target/gatehouse-bench.jar [regex]}.
 */
package dev.gatehouse.bench;
