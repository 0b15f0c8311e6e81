package io.hatchet4j.features;

/**
 * The tenant's pushed events: list and read; from {@link io.hatchet4j.Hatchet#events()}. Pushing
 * stays on {@link io.hatchet4j.Hatchet#push}. Thread-safe; calls block.
 */
public interface Events {

  /** The events the query selects, newest first, fetched page by page. */
  Paged<EventInfo> list(EventQuery query);

  /** Every event, newest first. */
  default Paged<EventInfo> list() {
    return list(EventQuery.all());
  }

  /**
   * An event by id, as {@link io.hatchet4j.PushedEvent#id()} reports it.
   *
   * @throws io.hatchet4j.EngineException NOT_FOUND for an unknown id
   */
  EventInfo get(String eventId);
}
