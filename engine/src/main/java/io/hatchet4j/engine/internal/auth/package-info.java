/** API tokens and the gRPC authentication interceptor. Not public API: may change without notice. */
package io.hatchet4j.engine.internal.auth;
