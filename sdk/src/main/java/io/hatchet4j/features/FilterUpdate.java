package io.hatchet4j.features;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The changes to an event filter; what is not set stays as it is. Immutable. */
public final class FilterUpdate {
  private final String expression;
  private final String scope;
  private final Object payload;

  private FilterUpdate(Builder builder) {
    this.expression = builder.expression;
    this.scope = builder.scope;
    this.payload = builder.payload;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<String> expression() {
    return Optional.ofNullable(expression);
  }

  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  /** The new payload, to be serialized as a JSON object. */
  public Optional<Object> payload() {
    return Optional.ofNullable(payload);
  }

  /** Builds a {@link FilterUpdate}. Not thread-safe. */
  public static final class Builder {
    private String expression;
    private String scope;
    private Object payload;

    private Builder() {}

    public Builder setExpression(String expression) {
      this.expression = requireNonNull(expression, "expression");
      return this;
    }

    public Builder setScope(String scope) {
      this.scope = requireNonNull(scope, "scope");
      return this;
    }

    /** A value that serializes to a JSON object. */
    public Builder setPayload(Object payload) {
      this.payload = requireNonNull(payload, "payload");
      return this;
    }

    public FilterUpdate build() {
      return new FilterUpdate(this);
    }
  }
}
