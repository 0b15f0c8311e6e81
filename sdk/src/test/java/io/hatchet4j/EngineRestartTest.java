package io.hatchet4j;

import static io.hatchet4j.EngineFixture.started;
import static io.hatchet4j.EngineFixture.worker;
import static io.hatchet4j.RestartFixtures.client;
import static io.hatchet4j.RestartFixtures.persistentOnFixedPorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.engine.EngineOptions;
import io.hatchet4j.engine.HatchetEngine;
import io.hatchet4j.workflow.Task;
import io.hatchet4j.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives an engine restart with a database file, and how workers recover. */
class EngineRestartTest {
  record Job(int n) {}

  record Square(int value) {}

  private static final Workflow<Job, Square> SQUARE =
      Workflow.standalone(
          Task.builder("square", Job.class, Square.class).setHandler((job, ctx) -> new Square(job.n() * job.n())).build());

  @Test
  void completedResultsSurviveARestartAndTheWorkerReconnects(@TempDir Path dir) throws Exception {
    EngineOptions options = persistentOnFixedPorts(dir);
    List<String> runIds = new ArrayList<>();
    String token;
    HatchetEngine first = HatchetEngine.start(options);
    try {
      token = first.token();
      try (Hatchet hatchet = client(first, token)) {
        started(hatchet, worker("w", 4), SQUARE);
        for (int n = 1; n <= 20; n++) {
          RunRef<Square> ref = hatchet.runNoWait(SQUARE, new Job(n));
          assertThat(ref.await(Duration.ofSeconds(20))).isEqualTo(new Square(n * n));
          runIds.add(ref.runId());
        }
      }
    } finally {
      first.close();
    }

    try (HatchetEngine second = HatchetEngine.start(options);
        Hatchet hatchet = client(second, token)) {
      assertThat(second.tenantId()).as("the default tenant is kept").isEqualTo(first.tenantId());
      // The client uses the token minted by the first engine: it must still be accepted.
      for (int i = 0; i < runIds.size(); i++) {
        int n = i + 1;
        assertThat(hatchet.runRef(runIds.get(i), SQUARE).await(Duration.ofSeconds(10))).isEqualTo(new Square(n * n));
      }
    }
  }

  @Test
  void workerReconnectsWhenItsStreamDropsAndKeepsWorking(@TempDir Path dir) throws Exception {
    EngineOptions options = persistentOnFixedPorts(dir);
    HatchetEngine first = HatchetEngine.start(options);
    String token = first.token();
    try (Hatchet workerClient = client(first, token)) {
      started(workerClient, worker("survivor", 2), SQUARE);
      try (Hatchet caller = client(first, token)) {
        assertThat(caller.run(SQUARE, new Job(3))).isEqualTo(new Square(9));
      }
      first.close();

      try (HatchetEngine second = HatchetEngine.start(options);
          Hatchet caller = client(second, token)) {
        // The worker was registered with the first engine; it reconnects to the second by itself.
        assertThat(caller.runNoWait(SQUARE, new Job(7)).await(Duration.ofSeconds(30))).isEqualTo(new Square(49));
      }
    }
  }
}
