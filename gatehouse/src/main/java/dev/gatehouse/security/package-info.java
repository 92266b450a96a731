/**
 * Access control and identity: IP allow/deny lists ({@link dev.gatehouse.security.CidrSet}),
 * identity-header stripping, API key and JWT bearer authentication, compiled per route into
 * request filters by {@link dev.gatehouse.security.SecurityFilters}.
 */
package dev.gatehouse.security;
