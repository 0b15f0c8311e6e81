package io.hatchet4j.internal;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.hatchet4j.HatchetException;
import io.hatchet4j.RunStream;
import io.hatchet4j.StreamChunk;
import io.hatchet4j.proto.dispatcher.ResourceEventType;
import io.hatchet4j.proto.dispatcher.ResourceType;
import io.hatchet4j.proto.dispatcher.SubscribeToWorkflowEventsRequest;
import io.hatchet4j.proto.dispatcher.WorkflowEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A run's stream over {@code Dispatcher/SubscribeToWorkflowEvents}, read as the official SDKs read
 * it: the payloads of step-run {@code STREAM} events, until the event marked {@code hangup} or the
 * end of the call. Messages are requested from the engine one at a time as the reader takes them,
 * so the queue holds at most a few. Not public API.
 */
public final class RealRunStream implements RunStream {
  /** Messages asked for ahead of the reader. */
  private static final int PREFETCH = 8;

  /** What the gRPC thread hands the reader: a message, the end, or a failure. */
  private record Item(WorkflowEvent event, Throwable failure) {
    static final Item END = new Item(null, null);
  }

  private final String runId;
  private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
  private final Chunks iterator = new Chunks();
  private volatile ClientCallStreamObserver<SubscribeToWorkflowEventsRequest> call;
  private volatile boolean closed;

  private RealRunStream(String runId) {
    this.runId = runId;
  }

  /** Subscribes to {@code runId}'s events; the stream starts at once. */
  public static RunStream subscribe(ClientRuntime runtime, String runId) {
    RealRunStream stream = new RealRunStream(runId);
    runtime.connection().dispatcher().subscribeToWorkflowEvents(
        SubscribeToWorkflowEventsRequest.newBuilder().setWorkflowRunId(runId).build(), stream.new Responses());
    return stream;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public Iterator<StreamChunk> iterator() {
    return iterator;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ClientCallStreamObserver<SubscribeToWorkflowEventsRequest> current = call;
    if (current != null) {
      current.cancel("the subscriber closed the stream", null);
    }
    items.add(Item.END);
  }

  private final class Chunks implements Iterator<StreamChunk> {
    private StreamChunk next;
    private boolean ended;

    @Override
    public boolean hasNext() {
      while (next == null && !ended) {
        Item item;
        try {
          item = items.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new HatchetException("interrupted while waiting for the stream of run " + runId, e);
        }
        if (item == Item.END || closed) {
          ended = true;
        } else if (item.failure != null) {
          ended = true;
          throw GrpcErrors.translate(item.failure, "streaming run " + runId);
        } else {
          next = chunk(item.event);
          call.request(1);
          if (item.event.getHangup()) {
            ended = true;
          }
        }
      }
      return next != null;
    }

    @Override
    public StreamChunk next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the stream of run " + runId + " has ended");
      }
      StreamChunk chunk = next;
      next = null;
      return chunk;
    }
  }

  /** The chunk a message carries, or null for the run's other events. */
  private static StreamChunk chunk(WorkflowEvent event) {
    if (event.getResourceType() != ResourceType.RESOURCE_TYPE_STEP_RUN
        || event.getEventType() != ResourceEventType.RESOURCE_EVENT_TYPE_STREAM) {
      return null;
    }
    return new StreamChunk(event.getResourceId(), event.getEventPayload(),
        event.hasEventIndex() ? OptionalLong.of(event.getEventIndex()) : OptionalLong.empty());
  }

  private final class Responses implements ClientResponseObserver<SubscribeToWorkflowEventsRequest, WorkflowEvent> {
    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeToWorkflowEventsRequest> requestStream) {
      call = requestStream;
      requestStream.disableAutoRequestWithInitial(PREFETCH);
    }

    @Override
    public void onNext(WorkflowEvent event) {
      items.add(new Item(event, null));
    }

    @Override
    public void onError(Throwable failure) {
      items.add(closed ? Item.END : new Item(null, failure));
    }

    @Override
    public void onCompleted() {
      items.add(Item.END);
    }
  }
}
