/**
 * The command line: {@code gatehouse run | validate | demo | backend}, built with picocli.
 *
 * <p>Every failure becomes an exit code and one clear line on stderr: 0 ok, 1 bad config or
 * usage, 2 runtime failure (a port in use, …). Commands write through picocli's
 * {@code getOut()}/{@code getErr()} writers, never {@code System.out}, so tests can capture them.
 */
package dev.gatehouse.cli;
