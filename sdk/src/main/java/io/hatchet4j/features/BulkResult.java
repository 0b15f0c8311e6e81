package io.hatchet4j.features;

import java.util.List;
import java.util.Map;

/**
 * What a bulk change did: the ids it changed and, for the others, why not.
 *
 * @param succeeded ids changed
 * @param failed the engine's reason by id, for ids it did not change
 */
public record BulkResult(List<String> succeeded, Map<String, String> failed) {

  public BulkResult {
    succeeded = List.copyOf(succeeded);
    failed = Map.copyOf(failed);
  }
}
