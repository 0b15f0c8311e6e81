package io.hatchet4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * One chunk a task put on its run's stream with {@link io.hatchet4j.workflow.TaskContext#putStream}.
 *
 * @param taskRunId the task run that put it
 * @param text the chunk; the engine carries chunks as text, so bytes a task put arrive decoded as
 *     UTF-8
 * @param index its position among the chunks of its task attempt (0, 1, ...), when the producer
 *     numbered it, as every official SDK does
 */
public record StreamChunk(String taskRunId, String text, OptionalLong index) {

  public StreamChunk {
    requireNonNull(taskRunId, "taskRunId");
    requireNonNull(text, "text");
    requireNonNull(index, "index");
  }

  /** The chunk as UTF-8 bytes. */
  public byte[] bytes() {
    return text.getBytes(UTF_8);
  }
}
