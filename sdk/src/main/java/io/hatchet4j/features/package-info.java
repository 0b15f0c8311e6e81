/**
 * Feature clients: the engine's REST API as typed Java, reached from {@link io.hatchet4j.Hatchet}
 * ({@code hatchet.runs()}, {@code workflows()}, {@code workers()}, {@code events()}, {@code
 * filters()}, {@code logs()}, {@code metrics()}, {@code tenant()}).
 *
 * <p>Each client calls the same routes, with the same JSON, as the official Python and TypeScript
 * SDKs' feature clients. Results are immutable values; listings that the engine pages come back as
 * a {@link io.hatchet4j.features.Paged}, which fetches its pages as it is iterated. Calls block;
 * the clients are thread-safe. A refusal by the engine is an {@link io.hatchet4j.EngineException}
 * whose code is the gRPC code closest to the HTTP status ({@code NOT_FOUND}, {@code
 * INVALID_ARGUMENT}, ...).
 */
package io.hatchet4j.features;
