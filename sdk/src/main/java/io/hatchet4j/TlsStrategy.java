package io.hatchet4j;

import java.util.Locale;

/** How the client secures its connection to the engine, as {@code HATCHET_CLIENT_TLS_STRATEGY} names it. */
public enum TlsStrategy {
  /** Server-authenticated TLS, trusting the system roots or {@code HATCHET_CLIENT_TLS_ROOT_CA_FILE}. */
  TLS,
  /** Mutual TLS: TLS plus a client certificate and key. */
  MTLS,
  /** Plaintext, for a local engine such as the embedded one. */
  NONE;

  /**
   * Parses the environment spelling ({@code tls}, {@code mtls}, {@code none}), ignoring case.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static TlsStrategy parse(String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "tls":
        return TLS;
      case "mtls":
        return MTLS;
      case "none":
        return NONE;
      default:
        throw new IllegalArgumentException(
            "TLS strategy must be one of tls, mtls, none; got '" + value + "'");
    }
  }
}
