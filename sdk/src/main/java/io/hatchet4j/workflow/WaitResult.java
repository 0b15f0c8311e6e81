package io.hatchet4j.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * What ended a durable wait: the conditions that held and the data they carried (an event's
 * payload, a sleep's duration).
 */
public interface WaitResult {

  /**
   * The keys of the conditions that held: {@code sleep:<duration>} for sleeps (for example {@code
   * sleep:30s}), the event key for events.
   */
  Set<String> satisfied();

  /** Whether {@code condition} (one passed to the wait) held. */
  boolean satisfied(Condition condition);

  /** The payload of the event with {@code eventKey} that ended the wait, as {@code type}. */
  <P> Optional<P> eventPayload(String eventKey, Class<P> type);

  /** The engine's report as received, for what the typed accessors do not cover. */
  JsonNode raw();
}
