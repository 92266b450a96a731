/**
 * Test support shared by all tests: {@link dev.gatehouse.testing.LeakCheckExtension} fails a test
 * class on any Netty buffer leak.
 */
package dev.gatehouse.testing;
