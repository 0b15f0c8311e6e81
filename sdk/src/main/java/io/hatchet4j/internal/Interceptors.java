package io.hatchet4j.internal;

import io.hatchet4j.interceptor.Chain;
import io.hatchet4j.interceptor.HatchetInterceptor;
import java.util.List;

/**
 * Runs a call through the installed interceptors, outermost first, then the SDK's own step.
 * Not public API.
 */
public final class Interceptors {

  /** One interceptor method, applied to the chain that follows it. */
  @FunctionalInterface
  public interface Link<Q, R> {
    R apply(HatchetInterceptor interceptor, Chain<Q, R> next) throws Exception;
  }

  /** What the SDK itself does at the end of the chain. */
  @FunctionalInterface
  public interface Terminal<Q, R> {
    R call(Q request) throws Exception;
  }

  private final List<HatchetInterceptor> interceptors;

  public Interceptors(List<HatchetInterceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
  }

  /** Calls {@code action} on each interceptor, outermost first. */
  public void each(java.util.function.Consumer<HatchetInterceptor> action) {
    interceptors.forEach(action);
  }

  public boolean isEmpty() {
    return interceptors.isEmpty();
  }

  /** Calls {@code terminal} directly when no interceptor is installed, so that costs nothing. */
  public <Q, R> R invoke(Link<Q, R> link, Terminal<Q, R> terminal, Q request) throws Exception {
    if (interceptors.isEmpty()) {
      return terminal.call(request);
    }
    return new RealChain<>(0, request, link, terminal).proceedFromHere();
  }

  private final class RealChain<Q, R> implements Chain<Q, R> {
    private final int index;
    private final Q request;
    private final Link<Q, R> link;
    private final Terminal<Q, R> terminal;

    RealChain(int index, Q request, Link<Q, R> link, Terminal<Q, R> terminal) {
      this.index = index;
      this.request = request;
      this.link = link;
      this.terminal = terminal;
    }

    R proceedFromHere() throws Exception {
      return link.apply(interceptors.get(index), new RealChain<>(index + 1, request, link, terminal));
    }

    @Override
    public Q request() {
      return request;
    }

    @Override
    public R proceed(Q next) throws Exception {
      if (index >= interceptors.size()) {
        return terminal.call(next);
      }
      return new RealChain<>(index, next, link, terminal).proceedFromHere();
    }
  }
}
