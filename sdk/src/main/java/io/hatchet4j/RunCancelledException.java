package io.hatchet4j;

import java.util.Map;

/** A workflow run was cancelled, by a client or by the engine (for example on a timeout). */
public final class RunCancelledException extends RunFailedException {
  private static final long serialVersionUID = 1L;

  public RunCancelledException(String runId, Map<String, String> taskErrors) {
    super(runId, taskErrors, describe("was cancelled", runId, taskErrors));
  }
}
