package io.hatchet4j.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.hatchet4j.proto.dispatcher.AssignedAction;
import io.hatchet4j.proto.dispatcher.GetVersionRequest;
import io.hatchet4j.proto.dispatcher.HeartbeatRequest;
import io.hatchet4j.proto.dispatcher.WorkerListenRequest;
import io.hatchet4j.proto.dispatcher.WorkerRegisterRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API tokens: lifetime, listing, revocation on both protocols and across restarts; file modes. */
class TokenTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  private HatchetEngine start(Path db) {
    return HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).setDbFile(db).build());
  }

  private static JsonNode claims(String token) throws Exception {
    return MAPPER.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), UTF_8));
  }

  /** Whether the token is accepted over gRPC; throws for anything but UNAUTHENTICATED. */
  private static boolean grpcAccepts(HatchetEngine engine, String token) throws Exception {
    try (TestClient client = TestClient.connect(engine, token)) {
      client.dispatcher.getVersion(GetVersionRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.getStatus().getDescription()).isEqualTo("invalid auth token");
      return false;
    }
  }

  private static int restStatus(HatchetEngine engine, String token) throws Exception {
    return new Rest(engine, token).get("/api/v1/tenants/" + engine.tenantId() + "/api-tokens").status();
  }

  @Test
  void tokensLastNinetyDaysByDefaultAndCarryAnId() throws Exception {
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build())) {
      JsonNode claims = claims(engine.token());
      assertThat(claims.get("token_id").asText()).hasSize(36);
      long lifetime = claims.get("exp").asLong() - claims.get("iat").asLong();
      assertThat(Duration.ofSeconds(lifetime)).isEqualTo(Duration.ofDays(90));
    }
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0)
        .setTokenLifetime(Duration.ofHours(2)).build())) {
      JsonNode claims = claims(engine.issueToken(engine.tenantId()));
      assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(7200);
    }
  }

  @Test
  void aRevokedTokenIsRefusedAtOnceOnGrpcAndRestAndAfterARestart() throws Exception {
    Path db = dir.resolve("engine.db");
    String token;
    String tokenId;
    String defaultToken;
    try (HatchetEngine engine = start(db)) {
      defaultToken = engine.token();
      Rest admin = new Rest(engine, engine.token());
      String base = "/api/v1/tenants/" + engine.tenantId() + "/api-tokens";
      Rest.Answer created = admin.post(base, "{\"name\":\"ci\",\"expiresIn\":\"24h\"}");
      assertThat(created.status()).isEqualTo(200);
      token = created.body().get("token").asText();
      tokenId = claims(token).get("token_id").asText();
      assertThat(claims(token).get("exp").asLong() - claims(token).get("iat").asLong()).isEqualTo(24 * 3600);
      assertThat(admin.post(base, "{\"name\":\"x\",\"expiresIn\":\"soon\"}").status()).isEqualTo(400);
      assertThat(admin.post(base, "{}").status()).isEqualTo(400);

      JsonNode rows = admin.get(base).body().get("rows");
      assertThat(rows).extracting(r -> r.get("name").asText()).contains("default", "ci");
      JsonNode row = null;
      for (JsonNode r : rows) {
        if (r.get("metadata").get("id").asText().equals(tokenId)) {
          row = r;
        }
      }
      assertThat(row).isNotNull();
      assertThat(Instant.parse(row.get("expiresAt").asText())).isAfter(Instant.now().plus(Duration.ofHours(23)));
      assertThat(grpcAccepts(engine, token)).isTrue();
      assertThat(restStatus(engine, token)).isEqualTo(200);

      // Another tenant cannot see or revoke it.
      Tenant other = engine.createTenant("other");
      assertThat(new Rest(engine, other.token()).post("/api/v1/api-tokens/" + tokenId, null).status()).isEqualTo(404);
      assertThat(new Rest(engine, other.token()).get(base).status()).isEqualTo(403);

      assertThat(admin.post("/api/v1/api-tokens/" + tokenId, null).status()).isEqualTo(204);
      assertThat(grpcAccepts(engine, token)).isFalse();
      assertThat(restStatus(engine, token)).isEqualTo(401);
      assertThat(admin.get(base).body().get("rows")).extracting(r -> r.get("metadata").get("id").asText())
          .doesNotContain(tokenId);
      assertThat(grpcAccepts(engine, engine.token())).isTrue();
    }
    try (HatchetEngine engine = start(db)) {
      assertThat(grpcAccepts(engine, token)).as("revoked before the restart").isFalse();
      assertThat(restStatus(engine, token)).isEqualTo(401);
      // Same record, re-minted with this start's addresses (free ports here); the old string still works.
      assertThat(claims(engine.token()).get("token_id")).as("the printed token survives restarts")
          .isEqualTo(claims(defaultToken).get("token_id"));
      assertThat(grpcAccepts(engine, defaultToken)).isTrue();
      assertThat(grpcAccepts(engine, engine.token())).isTrue();
    }
  }

  @Test
  void revokingATokenEndsTheStreamsOpenWithIt() throws Exception {
    try (HatchetEngine engine = HatchetEngine.start(EngineOptions.builder().setGrpcPort(0).setHttpPort(0).build())) {
      Rest admin = new Rest(engine, engine.token());
      String token = admin.post("/api/v1/tenants/" + engine.tenantId() + "/api-tokens", "{\"name\":\"worker\"}")
          .body().get("token").asText();
      try (TestClient worker = TestClient.connect(engine, token)) {
        String workerId = worker.dispatcher.register(WorkerRegisterRequest.newBuilder().setWorkerName("w")
            .addActions("x:y").build()).getWorkerId();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        worker.dispatcherAsync.listenV2(WorkerListenRequest.newBuilder().setWorkerId(workerId).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(AssignedAction action) {}

              @Override
              public void onError(Throwable t) {
                ended.complete(t);
              }

              @Override
              public void onCompleted() {
                ended.complete(null);
              }
            });
        // The stream is open once a heartbeat finds the worker connected.
        worker.dispatcher.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(workerId).build());
        String id = claims(token).get("token_id").asText();
        assertThat(admin.post("/api/v1/api-tokens/" + id, null).status()).isEqualTo(204);
        Throwable error = ended.get(15, TimeUnit.SECONDS);
        assertThat(Status.fromThrowable(error).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(Status.fromThrowable(error).getDescription()).isEqualTo("invalid auth token");
      }
      assertThat(grpcAccepts(engine, engine.token())).isTrue();
    }
  }

  @Test
  void theTokensCommandCreatesListsAndRevokesTokensOfAStoppedEngine() throws Exception {
    Path db = dir.resolve("engine.db");
    try (HatchetEngine engine = start(db)) {
      assertThat(engine.tenantId()).isNotNull();
    }
    Output created = tokens("create", "--db-file", db.toString(), "--name", "deploy", "--expires-in", "1h");
    assertThat(created.code).isZero();
    String token = created.out.strip();
    String id = claims(token).get("token_id").asText();
    Output listed = tokens("list", "--db-file", db.toString());
    assertThat(listed.out).contains(id).contains("deploy").contains("default");

    try (HatchetEngine engine = start(db)) {
      assertThat(grpcAccepts(engine, token)).isTrue();
      Output locked = tokens("list", "--db-file", db.toString());
      assertThat(locked.code).isEqualTo(1);
      assertThat(locked.err).contains("REST");
    }
    assertThat(tokens("revoke", "--db-file", db.toString(), id).out).contains("revoked " + id);
    assertThat(tokens("list", "--db-file", db.toString()).out).doesNotContain(id);
    try (HatchetEngine engine = start(db)) {
      assertThat(grpcAccepts(engine, token)).isFalse();
    }
    assertThat(tokens("revoke", "--db-file", db.toString()).code).isEqualTo(2);
    assertThat(tokens("frobnicate").code).isEqualTo(2);
  }

  @Test
  void theDatabaseFileIsReadableByItsOwnerOnly() throws Exception {
    Path db = dir.resolve("state").resolve("engine.db");
    try (HatchetEngine engine = start(db)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
    }
    // A file an older engine left world-readable is tightened when opened.
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    try (HatchetEngine engine = start(db)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
    }
    try (var files = Files.list(db.getParent())) {
      files.forEach(file -> {
        try {
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
              .isEqualTo("rw-------");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
  }

  private record Output(int code, String out, String err) {}

  private static Output tokens(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "tokens";
    System.arraycopy(args, 0, full, 1, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.tokens(full, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Output(code, out.toString(UTF_8), err.toString(UTF_8));
  }
}
