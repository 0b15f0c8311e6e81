/**
 * The gRPC services the SDKs call, translating between protocol messages and the run engine.
 * Not public API: may change without notice.
 */
package io.hatchet4j.engine.internal.dispatch;
