/** One class per balancing algorithm, each linking the source it follows. */
package dev.gatehouse.balancer.strategy;
