package io.hatchet4j.engine.internal.auth;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  private final Function<String, Optional<TokenSigner.Claims>> check;
  /** Calls in progress by token id, so a revocation can end them. */
  private final Map<String, Set<Revocable<?, ?>>> open = new ConcurrentHashMap<>();

  /**
   * @param check maps a token to its claims, empty if it is not good (see {@link
   *     TokenRegistry#check})
   */
  public AuthInterceptor(Function<String, Optional<TokenSigner.Claims>> check) {
    this.check = requireNonNull(check, "check");
  }

  /**
   * Ends the calls still open with a token that was just revoked (a worker's listen stream, say)
   * with {@code UNAUTHENTICATED "invalid auth token"}; new calls with it are refused anyway.
   */
  public void revoked(String tokenId) {
    Set<Revocable<?, ?>> calls = open.remove(tokenId);
    if (calls != null) {
      calls.forEach(Revocable::revoke);
    }
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
    Optional<TokenSigner.Claims> claims = bearerToken(headers.get(AUTHORIZATION)).flatMap(check);
    if (claims.isEmpty()) {
      call.close(Status.UNAUTHENTICATED.withDescription("invalid auth token"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    String tokenId = claims.get().tokenId();
    Revocable<ReqT, RespT> revocable = new Revocable<>(call);
    Set<Revocable<?, ?>> calls = open.computeIfAbsent(tokenId, id -> ConcurrentHashMap.newKeySet());
    calls.add(revocable);
    Context context = Context.current().withValue(TENANT_ID, claims.get().tenantId());
    ServerCall.Listener<ReqT> listener = Contexts.interceptCall(context, revocable, headers, next);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        calls.remove(revocable);
        if (revocable.isRevoked()) {
          super.onCancel(); // the service did not end it: let it clean up as for a client that left
        } else {
          super.onComplete();
        }
      }

      @Override
      public void onCancel() {
        calls.remove(revocable);
        super.onCancel();
      }
    };
  }

  /** A call that a revocation may close from another thread; all its calls are serialized. */
  private static final class Revocable<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    private boolean closed;
    private boolean revoked;

    Revocable(ServerCall<ReqT, RespT> call) {
      super(call);
    }

    synchronized boolean isRevoked() {
      return revoked;
    }

    synchronized void revoke() {
      if (closed) {
        return;
      }
      closed = true;
      revoked = true;
      try {
        super.close(Status.UNAUTHENTICATED.withDescription("invalid auth token"), new Metadata());
      } catch (IllegalStateException e) {
        // Closed meanwhile by the transport.
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (closed) {
        return; // revoked: the service's own answer comes too late
      }
      closed = true;
      super.close(status, trailers);
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      super.sendHeaders(headers);
    }

    @Override
    public synchronized void sendMessage(RespT message) {
      super.sendMessage(message);
    }
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
