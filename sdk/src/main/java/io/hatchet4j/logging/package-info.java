/** Bridges from application logging into task run logs: {@link io.hatchet4j.logging.TaskLogAppender}. */
package io.hatchet4j.logging;
