package io.hatchet4j.engine;

import static io.hatchet4j.engine.TestClient.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run listings are paged and filtered from the store's indexes, with totals. */
class RunListTest {
  @Test
  void listingsPageAndCountRunsNewestFirst() throws Exception {
    // Each run is created a millisecond after the one before, so "newest first" is one order: runs
    // created in the same millisecond have no order between them (upstream's neither).
    VirtualClock clock = EngineClock.virtual();
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0)
            .setClock(clock).build());
        TestClient client = TestClient.connect(engine, engine.token())) {
      Rest rest = new Rest(engine, engine.token());
      String tenant = engine.tenantId();
      client.register("listed", task("listed", "t"));
      client.register("other", task("other", "t"));
      List<String> completed = new ArrayList<>();
      try (TestWorker worker = TestWorker.start(client, 10, TestClient.action("listed", "t"))) {
        for (int i = 0; i < 5; i++) {
          String runId = client.trigger("listed", "{}");
          clock.advance(Duration.ofMillis(1));
          AssignedAction start = worker.nextStart();
          worker.completed(start, "{\"i\":" + i + "}");
          client.awaitResult(runId);
          completed.add(0, runId); // newest first
        }
      }
      String queued1 = client.trigger("listed", "{}");
      clock.advance(Duration.ofMillis(1));
      String queued2 = client.trigger("other", "{}");
      String runs = "/api/v1/stable/tenants/" + tenant + "/workflow-runs?since=2000-01-01T00:00:00Z";

      JsonNode first = rest.get(runs + "&limit=3").body();
      assertThat(first.get("rows")).extracting(r -> r.get("workflowRunExternalId").asText())
          .containsExactly(queued2, queued1, completed.get(0));
      assertThat(first.get("pagination").get("num_pages").asInt()).isEqualTo(3);
      assertThat(first.get("pagination").get("next_page").asInt()).isEqualTo(2);
      JsonNode last = rest.get(runs + "&limit=3&offset=6").body();
      assertThat(last.get("rows")).extracting(r -> r.get("workflowRunExternalId").asText())
          .containsExactly(completed.get(4));
      assertThat(last.get("pagination").get("current_page").asInt()).isEqualTo(3);

      JsonNode done = rest.get(runs + "&statuses=COMPLETED&limit=2&offset=2").body();
      assertThat(done.get("rows")).extracting(r -> r.get("workflowRunExternalId").asText())
          .containsExactly(completed.get(2), completed.get(3));
      assertThat(done.get("pagination").get("num_pages").asInt()).isEqualTo(3);

      String otherId = rest.get("/api/v1/tenants/" + tenant + "/workflows?name=other").body()
          .get("rows").get(0).get("metadata").get("id").asText();
      JsonNode other = rest.get(runs + "&workflow_ids=" + otherId).body();
      assertThat(other.get("rows")).extracting(r -> r.get("workflowRunExternalId").asText()).containsExactly(queued2);
      JsonNode queuedListed = rest.get(runs + "&statuses=QUEUED&statuses=RUNNING&workflow_ids=" + otherId).body();
      assertThat(queuedListed.get("rows")).hasSize(1);

      JsonNode ids = rest.get("/api/v1/stable/tenants/" + tenant
          + "/workflow-runs/external-ids?since=2000-01-01T00:00:00Z&statuses=QUEUED").body();
      assertThat(ids).extracting(JsonNode::asText).containsExactly(queued2, queued1);

      // The engine's own listing: a page with the total, and the runs changed since a cursor.
      JsonNode page = rest.get("/api/v1/hatchet4j/runs?limit=2&offset=1").body();
      assertThat(page.get("rows")).extracting(r -> r.get("id").asText()).containsExactly(queued1, completed.get(0));
      assertThat(page.get("pagination").get("total").asLong()).isEqualTo(7);
      assertThat(rest.get("/api/v1/hatchet4j/runs?statuses=COMPLETED").body().get("pagination").get("total").asLong())
          .isEqualTo(5);
      String cursor = page.get("cursor").asText();
      JsonNode changed = rest.get("/api/v1/hatchet4j/runs?changed_since=" + cursor).body();
      assertThat(changed.get("rows")).extracting(r -> r.get("id").asText()).contains(queued1, queued2);
      JsonNode none = rest.get("/api/v1/hatchet4j/runs?changed_since=" + (Long.parseLong(cursor) + 60_000)).body();
      assertThat(none.get("rows")).isEmpty();
    }
  }
}
