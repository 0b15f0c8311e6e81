package io.hatchet4j.engine.internal.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceStoreTest {
  private static final String TENANT = "t1";

  private static SpanRecord span(String traceId, String spanId, long startNs, String taskRunId, int retry) {
    return new SpanRecord(traceId, spanId, null, "s-" + spanId, "INTERNAL", "svc", "UNSET", null, startNs, startNs + 10,
        Map.of("service.name", "svc"), Map.of("k", "v"), "scope", null,
        List.of(new SpanRecord.Event("e", startNs, Map.of())), List.of(), taskRunId, null, retry);
  }

  private static String hex(int length, int seed) {
    return String.format("%0" + length + "x", seed);
  }

  @Test
  void ignoresASpanStoredBeforeAndSortsByStart() {
    try (TraceStore store = TraceStore.inMemory(100)) {
      String task = UUID.randomUUID().toString();
      String trace = hex(32, 1);
      assertThat(store.insert(TENANT, List.of(span(trace, hex(16, 2), 20, task, 0), span(trace, hex(16, 1), 10, task, 0))))
          .isEqualTo(2);
      assertThat(store.insert(TENANT, List.of(span(trace, hex(16, 1), 10, task, 0)))).isZero();
      assertThat(store.spans(TENANT, trace, 0, 10).rows()).extracting(SpanRecord::startNs).containsExactly(10L, 20L);
      assertThat(store.spans("someone else", trace, 0, 10).rows()).isEmpty();
    }
  }

  @Test
  void aRunsTraceIsTheOneOfItsHighestRetryThenLatestSpan() {
    try (TraceStore store = TraceStore.inMemory(100)) {
      String task = UUID.randomUUID().toString();
      store.insert(TENANT, List.of(span(hex(32, 1), hex(16, 1), 50, task, 1)));
      store.insert(TENANT, List.of(span(hex(32, 2), hex(16, 2), 90, task, 0)));
      store.insert(TENANT, List.of(span(hex(32, 3), hex(16, 3), 60, task, 1)));
      assertThat(store.traceIdOf(TENANT, task)).hasValue(hex(32, 3));
      assertThat(store.retryCounts(TENANT, task)).containsExactly(0, 1);
      assertThat(store.traceIdOf(TENANT, UUID.randomUUID().toString())).isEmpty();
    }
  }

  @Test
  void dropsTheOldestTracesWholeWhenATenantIsOverItsLimit() {
    try (TraceStore store = TraceStore.inMemory(10)) {
      List<String> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String task = UUID.randomUUID().toString();
        tasks.add(task);
        List<SpanRecord> spans = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
          spans.add(span(hex(32, t + 1), hex(16, t * 10 + s + 1), s, task, 0));
        }
        store.insert(TENANT, spans);
      }
      assertThat(store.spanCount(TENANT)).isEqualTo(8);
      assertThat(store.traceIdOf(TENANT, tasks.get(0))).isEmpty();
      assertThat(store.traceIdOf(TENANT, tasks.get(1))).isEmpty();
      assertThat(store.spans(TENANT, hex(32, 1), 0, 10).total()).isZero();
      assertThat(store.traceIdOf(TENANT, tasks.get(3))).hasValue(hex(32, 4));
      // Other tenants have their own budget.
      store.insert("t2", List.of(span(hex(32, 9), hex(16, 9), 1, tasks.get(0), 0)));
      assertThat(store.spanCount(TENANT)).isEqualTo(8);
    }
  }

  @Test
  void aFileStoreKeepsSpansAndEvictionsAcrossARestart(@TempDir Path dir) {
    Path file = dir.resolve("engine.db.traces");
    String task = UUID.randomUUID().toString();
    try (TraceStore store = TraceStore.open(file, 4)) {
      store.insert(TENANT, List.of(span(hex(32, 1), hex(16, 1), 1, UUID.randomUUID().toString(), 0),
          span(hex(32, 1), hex(16, 2), 2, null, 0), span(hex(32, 1), hex(16, 3), 3, null, 0)));
      store.insert(TENANT, List.of(span(hex(32, 2), hex(16, 4), 4, task, 2), span(hex(32, 2), hex(16, 5), 5, task, 2)));
    }
    try (TraceStore store = TraceStore.open(file, 4)) {
      assertThat(store.spanCount(TENANT)).isEqualTo(2);
      assertThat(store.traceIdOf(TENANT, task)).hasValue(hex(32, 2));
      SpanRecord loaded = store.spans(TENANT, hex(32, 2), 0, 10).rows().get(0);
      assertThat(loaded).isEqualTo(span(hex(32, 2), hex(16, 4), 4, task, 2));
    }
  }

  @Test
  void attributeValuesKeepTheirTypesAcrossARestart(@TempDir Path dir) {
    Path file = dir.resolve("engine.db.traces");
    Map<String, Object> attributes = Map.of("text", "42", "small", 7L, "big", Long.MAX_VALUE, "ratio", 1.0,
        "flag", true, "tags", List.of("a", "b"), "counts", List.of(1L, 2L));
    SpanRecord typed = new SpanRecord(hex(32, 1), hex(16, 1), null, "typed", "INTERNAL", "svc", "UNSET", null, 1, 2,
        Map.of("service.name", "svc", "pid", 12L), attributes, "scope", null,
        List.of(new SpanRecord.Event("e", 1, Map.of("n", 3L))), List.of(), null, null, 0);
    try (TraceStore store = TraceStore.open(file, 10)) {
      store.insert(TENANT, List.of(typed));
    }
    try (TraceStore store = TraceStore.open(file, 10)) {
      SpanRecord loaded = store.spans(TENANT, hex(32, 1), 0, 10).rows().get(0);
      assertThat(loaded).isEqualTo(typed);
      assertThat(loaded.attributes().get("small")).isInstanceOf(Long.class);
      assertThat(((List<?>) loaded.attributes().get("counts")).get(0)).isInstanceOf(Long.class);
      assertThat(loaded.resourceAttributes().get("pid")).isInstanceOf(Long.class);
      assertThat(loaded.events().get(0).attributes().get("n")).isInstanceOf(Long.class);
    }
  }

  @Test
  void retentionDeletesTracesWhoseNewestSpanIsOlderThanTheCutoff(@TempDir Path dir) {
    long ms = 1_000_000L;
    String oldTask = UUID.randomUUID().toString();
    String newTask = UUID.randomUUID().toString();
    for (TraceStore store : List.of(TraceStore.inMemory(100), TraceStore.open(dir.resolve("t.traces"), 100))) {
      try (store) {
        store.insert(TENANT, List.of(span(hex(32, 1), hex(16, 1), 1000 * ms, oldTask, 0),
            span(hex(32, 1), hex(16, 2), 1500 * ms, oldTask, 0)));
        // A trace with one old span and one new one is kept whole.
        store.insert(TENANT, List.of(span(hex(32, 2), hex(16, 3), 1000 * ms, newTask, 0),
            span(hex(32, 2), hex(16, 4), 3000 * ms, newTask, 1)));
        assertThat(store.deleteBefore(2000)).isEqualTo(1);
        assertThat(store.traceIdOf(TENANT, oldTask)).isEmpty();
        assertThat(store.spans(TENANT, hex(32, 1), 0, 10).total()).isZero();
        assertThat(store.traceIdOf(TENANT, newTask)).hasValue(hex(32, 2));
        assertThat(store.retryCounts(TENANT, newTask)).containsExactly(0, 1);
        assertThat(store.spanCount(TENANT)).isEqualTo(2);
      }
    }
  }
}
