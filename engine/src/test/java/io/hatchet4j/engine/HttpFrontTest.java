package io.hatchet4j.engine;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hatchet4j.proto.events.PushEventRequest;
import io.hatchet4j.proto.v1.TriggerWorkflowRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP front under hostile clients: stalled headers, huge bodies, oversized inputs. */
class HttpFrontTest extends SharedEngineTest {
  private static final int LIMIT = EngineOptions.DEFAULT_MAX_MESSAGE_SIZE;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<Socket> sockets = new ArrayList<>();
  private static Rest rest;

  @BeforeAll
  static void registerWorkflow() {
    client.register("big", TestClient.task("big", "step"));
    rest = new Rest(engine, engine.token());
  }

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", engine.httpPort());
    socket.setSoTimeout(30_000);
    sockets.add(socket);
    return socket;
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUrl() + path)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void connectionsThatNeverFinishTheirHeadersBlockNobody() throws Exception {
    // Four were enough to block the old server for 80 s; forty show the pool is not the bound.
    for (int i = 0; i < 40; i++) {
      OutputStream out = connect().getOutputStream();
      out.write(("GET /api/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + i + "\r\n").getBytes(US_ASCII));
      out.flush();
    }
    assertThat(get("/api/ready").statusCode()).isEqualTo(200);
    assertThat(get("/").statusCode()).as("the web page").isEqualTo(200);
    HttpResponse<String> otlp = HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/v1/traces"))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(otlp.statusCode()).as("OTLP/HTTP answers (401 without a token)").isEqualTo(401);
  }

  @Test
  void headersOverTheLimitAreRefused() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/api/ready"))
        .header("X-Big", "x".repeat(20_000)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(431);
    assertThat(get("/api/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aDeclared200MegabyteBodyGets413BeforeItIsSent() throws Exception {
    Socket socket = connect();
    String path = "/api/v1/tenants/" + engine.tenantId() + "/workflows/big/scheduled";
    socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + engine.token() + "\r\nContent-Type: application/json\r\nContent-Length: " + (200L << 20) + "\r\n\r\n")
        .getBytes(US_ASCII));
    Answer answer = read(socket);
    assertThat(answer.status).isEqualTo(413);
    assertThat(answer.body).contains("payload limit of " + LIMIT + " bytes (4 MiB)");
    assertThat(get("/api/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aStreamed200MegabyteBodyGets413AndTheEngineKeepsServing() throws Exception {
    Socket socket = connect();
    String path = "/api/v1/tenants/" + engine.tenantId() + "/workflows/big/scheduled";
    OutputStream out = socket.getOutputStream();
    out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + engine.token()
        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(US_ASCII));
    // 200 MB in 64 KiB chunks from one reused buffer: never allocated whole, here or (the point) there.
    AtomicLong sent = new AtomicLong();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(US_ASCII);
      try {
        while (sent.get() < 200L << 20) {
          out.write(head);
          out.write(chunk);
          out.write("\r\n".getBytes(US_ASCII));
          sent.addAndGet(chunk.length);
        }
        out.write("0\r\n\r\n".getBytes(US_ASCII));
      } catch (IOException e) {
        // The engine answered and closed: expected.
      }
    });
    Answer answer = read(socket);
    assertThat(answer.status).isEqualTo(413);
    assertThat(answer.body).contains("payload limit of " + LIMIT + " bytes (4 MiB)");
    socket.close();
    writer.get(30, TimeUnit.SECONDS);
    assertThat(get("/api/ready").statusCode()).isEqualTo(200);
    assertThat(rest.get("/api/v1/tenants/" + engine.tenantId() + "/workflows/scheduled").status()).isEqualTo(200);
  }

  @Test
  void aFiveMebibyteInputIsRefusedOverRestNamingTheLimit() throws Exception {
    String base = "/api/v1/tenants/" + engine.tenantId() + "/workflows/big";
    String at = Instant.now().plusSeconds(3600).toString();
    Rest.Answer huge = rest.post(base + "/scheduled", "{\"triggerAt\":\"" + at + "\",\"input\":{\"x\":\""
        + "a".repeat(5 << 20) + "\"}}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(description(huge)).contains("payload limit of " + LIMIT + " bytes (4 MiB)");

    // Under the body limit, but too large for a worker to receive with what surrounds it.
    String almost = "{\"x\":\"" + "a".repeat(LIMIT - 8 * 1024) + "\"}";
    Rest.Answer schedule = rest.post(base + "/scheduled", "{\"triggerAt\":\"" + at + "\",\"input\":" + almost + "}");
    assertThat(schedule.status()).isEqualTo(400);
    assertThat(description(schedule)).contains("payload limit of " + LIMIT + " bytes (4 MiB)");
    Rest.Answer cron = rest.post(base + "/crons", "{\"cronName\":\"c\",\"cronExpression\":\"* * * * *\",\"input\":"
        + almost + "}");
    assertThat(cron.status()).isEqualTo(400);
    assertThat(description(cron)).contains("payload limit of " + LIMIT + " bytes");
  }

  @Test
  void aFiveMebibyteInputIsRefusedOverGrpcNamingTheLimit() {
    String fiveMib = "{\"x\":\"" + "a".repeat(5 << 20) + "\"}";
    assertThatThrownBy(() -> client.workflows.triggerWorkflow(
        TriggerWorkflowRequest.newBuilder().setName("big").setInput(fiveMib).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.getStatus().getDescription()).contains(Integer.toString(LIMIT));
        });

    String almost = "{\"x\":\"" + "a".repeat(LIMIT - 8 * 1024) + "\"}";
    assertThatThrownBy(() -> client.workflows.triggerWorkflow(
        TriggerWorkflowRequest.newBuilder().setName("big").setInput(almost).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("payload limit of " + LIMIT + " bytes (4 MiB)");
        });
    assertThatThrownBy(() -> client.events.push(PushEventRequest.newBuilder().setKey("k").setPayload(almost)
        .setEventTimestamp(com.google.protobuf.Timestamp.getDefaultInstance()).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("input and additional metadata of the event");
        });
    // The channel and the engine are fine afterwards.
    assertThat(client.trigger("big", "{}")).hasSize(36);
  }

  private static String description(Rest.Answer answer) {
    return answer.body().get("errors").get(0).get("description").asText();
  }

  private record Answer(int status, String body) {}

  /** Reads one HTTP/1.1 response with a Content-Length body. */
  private static Answer read(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
    String statusLine = in.readLine();
    assertThat(statusLine).as("status line").isNotNull().startsWith("HTTP/1.1 ");
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    int length = 0;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    char[] body = new char[length];
    int read = 0;
    while (read < length) {
      int n = in.read(body, read, length - read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    return new Answer(status, new String(body, 0, read));
  }
}
