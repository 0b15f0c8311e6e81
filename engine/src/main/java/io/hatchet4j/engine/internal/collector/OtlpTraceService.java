package io.hatchet4j.engine.internal.collector;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.hatchet4j.engine.internal.auth.AuthInterceptor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * The OTLP trace service, {@code opentelemetry.proto.collector.trace.v1.TraceService/Export}, built
 * by hand from the OTLP message classes (the proto artifact carries no gRPC stubs we rely on).
 *
 * <p>Not public API. Registered behind the engine's {@link AuthInterceptor}, so the tenant comes
 * from the caller's token, exactly as for every other engine call.
 */
public final class OtlpTraceService {
  public static final String SERVICE_NAME = "opentelemetry.proto.collector.trace.v1.TraceService";

  /** The one method, shared by the service, the forwarder and the benchmark's client. */
  public static final MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> EXPORT =
      MethodDescriptor.<ExportTraceServiceRequest, ExportTraceServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Export"))
          .setRequestMarshaller(ProtoUtils.marshaller(ExportTraceServiceRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
          .build();

  private OtlpTraceService() {}

  /** The service definition; wrap it with the auth interceptor before adding it to a server. */
  public static ServerServiceDefinition definition(TraceCollector collector) {
    return ServerServiceDefinition.builder(SERVICE_NAME)
        .addMethod(EXPORT, ServerCalls.asyncUnaryCall((request, responses) -> {
          String tenantId = AuthInterceptor.TENANT_ID.get();
          // The interceptor admits no call without a tenant; answer like upstream if one slips by.
          responses.onNext(tenantId == null ? ExportTraceServiceResponse.getDefaultInstance()
              : collector.export(tenantId, request));
          responses.onCompleted();
        }))
        .build();
  }
}
