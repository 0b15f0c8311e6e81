package io.hatchet4j.features;

/** The client's tenant; from {@link io.hatchet4j.Hatchet#tenant()}. Thread-safe; calls block. */
public interface Tenant {

  /** The tenant the client's token belongs to. */
  TenantInfo get();
}
