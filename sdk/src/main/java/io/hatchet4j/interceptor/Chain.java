package io.hatchet4j.interceptor;

/**
 * The rest of an interceptor chain: the request as it stands, and the means to pass it on.
 *
 * <p>An interceptor calls {@link #proceed} exactly once to continue (with the request unchanged or
 * a modified copy) or not at all to short-circuit.
 *
 * @param <Q> the request type
 * @param <R> the response type
 */
public interface Chain<Q, R> {

  /** The request this link received. */
  Q request();

  /** Passes {@code request} to the next interceptor, or to the SDK itself after the last one. */
  R proceed(Q request) throws Exception;
}
