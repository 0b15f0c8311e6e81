package io.hatchet4j;

/**
 * An event the engine accepted.
 *
 * @param id the event's id, which runs it started carry as their triggering event
 * @param key the event key, namespace included
 */
public record PushedEvent(String id, String key) {}
