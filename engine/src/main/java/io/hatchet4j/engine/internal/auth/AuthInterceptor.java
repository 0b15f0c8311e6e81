package io.hatchet4j.engine.internal.auth;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.annotation.Nullable;

/**
 * Authenticates every gRPC call by its {@code authorization: bearer <token>} metadata and puts the
 * caller's tenant id into the gRPC {@link Context}.
 *
 * <p>Not public API. Thread-safe. Any failure (no header, another scheme, a bad signature, a revoked
 * or expired token, a tenant that does not exist) closes the call with {@code UNAUTHENTICATED "invalid auth token"}, the
 * message upstream uses, without telling which check failed. A revoked token is refused on its
 * next call.
 */
public final class AuthInterceptor implements ServerInterceptor {
  /** The authenticated tenant's id, set for the whole call. */
  public static final Context.Key<String> TENANT_ID = Context.key("hatchet4j-tenant-id");

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Function<String, Optional<String>> authenticate;

  /**
   * @param authenticate maps a token to its tenant id, empty if it is not good (see {@link
   *     TokenRegistry#authenticate})
   */
  public AuthInterceptor(Function<String, Optional<String>> authenticate) {
    this.authenticate = requireNonNull(authenticate, "authenticate");
  }

  /** Returns the tenant id of the current call; only valid inside an intercepted call. */
  public static String currentTenantId() {
    String tenantId = TENANT_ID.get();
    if (tenantId == null) {
      throw new IllegalStateException("no authenticated tenant in this context");
    }
    return tenantId;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Optional<String> tenantId = bearerToken(headers.get(AUTHORIZATION)).flatMap(authenticate);
    if (tenantId.isEmpty()) {
      call.close(Status.UNAUTHENTICATED.withDescription("invalid auth token"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(TENANT_ID, tenantId.get());
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** Extracts the token from {@code Bearer <token>}, matching the scheme case-insensitively. */
  public static Optional<String> bearerToken(@Nullable String headerValue) {
    if (headerValue == null) {
      return Optional.empty();
    }
    String value = headerValue.strip();
    int space = value.indexOf(' ');
    if (space <= 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    String token = value.substring(space + 1).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
