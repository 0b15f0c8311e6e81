/**
 * The engine's HTTP API: a small router on the JDK's HTTP server, ready for the upstream REST
 * routes and a web page. Not public API: may change without notice.
 */
package io.hatchet4j.engine.internal.http;
