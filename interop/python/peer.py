"""An interop peer built on the official Hatchet Python SDK.

It runs a worker with the py-* workflows and, at the same time, acts as a client: each JSON line
read from stdin is one client command, answered by one line on stdout. Every line meant for the
test starts with "INTEROP " followed by a JSON object; everything else on stdout and stderr is the
SDK's own logging.

Connection settings come from the standard HATCHET_CLIENT_* variables. INTEROP_TRACING=1 turns on
the SDK's HatchetInstrumentor, exporting to the engine's collector. INTEROP_WORKER names the
worker (empty: no worker).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
import traceback
from datetime import datetime, timedelta, timezone
from typing import Any

from hatchet_sdk import (
    Context,
    DurableContext,
    EmptyModel,
    Hatchet,
    TriggerWorkflowOptions,
)
from hatchet_sdk.clients.admin import ScheduleTriggerWorkflowOptions, WorkflowRunTriggerConfig
from hatchet_sdk.clients.events import BulkPushEventWithMetadata
from streaming_peer import STREAM_OPS, run_stream_command, stream_workflows

import concurrency_workflows

import peer_conditions

import flow_peer

LANG = "py"
TRACING = os.environ.get("INTEROP_TRACING") == "1"
_print_lock = threading.Lock()


def emit(message: dict[str, Any]) -> None:
    with _print_lock:
        sys.stdout.write("INTEROP " + json.dumps(message, default=str) + "\n")
        sys.stdout.flush()


provider = None
tracer = None
if TRACING:
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider

    from hatchet_sdk.opentelemetry.instrumentor import HatchetInstrumentor

    provider = TracerProvider(resource=Resource.create({"service.name": "interop-python"}))
    HatchetInstrumentor(tracer_provider=provider, schedule_delay_millis=100).instrument()
    tracer = provider.get_tracer("interop-python")

hatchet = Hatchet()
# The commands run on their own event loop; the SDK's listeners bind to the loop that first uses
# them, so the client role gets a client of its own rather than sharing the worker's.
client = Hatchet()


def custom_span(ctx: Context, name: str) -> None:
    """A span of the task's own, which the instrumentor's processor fills with hatchet.* attributes."""
    if tracer is not None:
        with tracer.start_as_current_span(name) as span:
            span.set_attribute("interop.lang", LANG)
            span.set_attribute("interop.task_run_id", ctx.task_run_id)


def fields(model: EmptyModel) -> dict[str, Any]:
    return dict(model.model_dump())


@hatchet.task(name="py-echo")
async def echo(input: EmptyModel, ctx: Context) -> dict[str, Any]:
    custom_span(ctx, "py.custom")
    ctx.log(f"echo from {LANG}")
    return {"lang": LANG, "input": fields(input), "metadata": ctx.additional_metadata}


@hatchet.task(name="py-fail", retries=2)
async def fail(input: EmptyModel, ctx: Context) -> dict[str, Any]:
    raise RuntimeError(f"py-fail attempt {ctx.retry_count}")


@hatchet.task(name="py-slow", execution_timeout=timedelta(minutes=2))
async def slow(input: EmptyModel, ctx: Context) -> dict[str, Any]:
    emit({"event": "started", "task": "py-slow", "taskRunId": ctx.task_run_id})
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        emit({"event": "cancelled", "task": "py-slow", "taskRunId": ctx.task_run_id})
        raise
    return {"lang": LANG, "finished": True}


@hatchet.task(name="py-child")
async def child(input: EmptyModel, ctx: Context) -> dict[str, Any]:
    return {"doubled": fields(input)["value"] * 2}


@hatchet.task(name="py-parent")
async def parent(input: EmptyModel, ctx: Context) -> dict[str, Any]:
    values = fields(input)["values"]
    results = await asyncio.gather(*(child.aio_run(EmptyModel(value=v)) for v in values))
    return {"lang": LANG, "sum": sum(r["doubled"] for r in results)}


@hatchet.task(name="py-relay")
async def relay(input: EmptyModel, ctx: Context) -> dict[str, Any]:
    """Runs the workflow named in the input as a child, in whatever language serves it."""
    args = fields(input)
    custom_span(ctx, "py.relay")
    output = await hatchet.stubs.workflow(name=args["target"]).aio_run(EmptyModel(**args.get("input", {})))
    return {"lang": LANG, "child": output}


@hatchet.durable_task(name="py-durable", execution_timeout=timedelta(minutes=2))
async def durable(input: EmptyModel, ctx: DurableContext) -> dict[str, Any]:
    key = fields(input)["key"]
    emit({"event": "waiting", "task": "py-durable", "taskRunId": ctx.task_run_id, "key": key})
    event = await ctx.aio_wait_for_event(key)
    return {"lang": LANG, "event": event}


dag = hatchet.workflow(name="py-dag")


@dag.task()
async def first(input: EmptyModel, ctx: Context) -> dict[str, Any]:
    return {"n": fields(input)["n"] + 1}


@dag.task(parents=[first])
async def second(input: EmptyModel, ctx: Context) -> dict[str, Any]:
    return {"n": ctx.task_output(first)["n"] * 10, "lang": LANG}


@hatchet.task(name="py-noop")
async def noop(input: EmptyModel, ctx: Context) -> dict[str, Any]:
    """A no-op returning its input, for the benchmark suite (benchmarks module, CompareBench)."""
    return fields(input)


WORKFLOWS = [
    echo, fail, slow, child, parent, relay, durable, dag, noop,
    *stream_workflows(hatchet),
    *concurrency_workflows.workflows(hatchet, emit, LANG),
    *peer_conditions.workflows(hatchet),
    *flow_peer.build(hatchet),
]


# ---- client commands ----


def trigger_options(command: dict[str, Any]) -> TriggerWorkflowOptions:
    return TriggerWorkflowOptions(additional_metadata=command.get("metadata") or {})


async def run_command(command: dict[str, Any]) -> dict[str, Any]:
    op = command["op"]
    if op in STREAM_OPS:
        return await run_stream_command(client, command, emit)
    admin = client._client.admin
    if op in concurrency_workflows.OPS:
        return concurrency_workflows.command(command)
    if op == "run":
        ref = await admin.aio_run_workflow(
            command["workflow"], json.dumps(command.get("input", {})), trigger_options(command)
        )
        if command.get("wait", True):
            return {"runId": ref.workflow_run_id, "result": await ref.aio_result()}
        return {"runId": ref.workflow_run_id}
    if op == "bulk":
        configs = [
            WorkflowRunTriggerConfig(
                workflow_name=command["workflow"], input=json.dumps(item), options=trigger_options(command)
            )
            for item in command["inputs"]
        ]
        refs = await admin.aio_run_workflows(configs)
        results = await asyncio.gather(*(ref.aio_result() for ref in refs))
        return {"runIds": [ref.workflow_run_id for ref in refs], "results": list(results)}
    if op == "schedule":
        at = datetime.now(timezone.utc) + timedelta(milliseconds=command.get("delayMs", 1000))
        version = await admin.aio_schedule_workflow(
            command["workflow"],
            [at],
            json.dumps(command.get("input", {})),
            ScheduleTriggerWorkflowOptions(additional_metadata=command.get("metadata") or {}),
        )
        return {"scheduleIds": [s.id for s in version.scheduled_workflows]}
    if op == "push":
        event = await client.event.aio_push(
            command["key"],
            command.get("payload", {}),
            additional_metadata=command.get("metadata") or {},
        )
        return {"eventId": event.event_id}
    if op == "bulkPush":
        events = await client.event.aio_bulk_push(
            [
                BulkPushEventWithMetadata(
                    key=item["key"], payload=item.get("payload", {}), additional_metadata=item.get("metadata") or {}
                )
                for item in command["events"]
            ]
        )
        return {"eventIds": [e.event_id for e in events]}
    if op == "details":
        # v1 AdminService/GetRunDetails, what the SDK's synchronous result() polls.
        details = await client.runs.aio_get_details(command["runId"])
        return {"details": details.model_dump(mode="json")}
    if op == "cancel":
        await client.runs.aio_cancel(command["runId"])
        return {}
    if op == "rest":
        return {"checks": await rest_checks(command["runId"], command["workflow"])}
    if op in flow_peer.FLOW_OPS:
        return await flow_peer.FLOW_OPS[op](client, command)
    if op == "flush":
        if provider is not None:
            await asyncio.get_running_loop().run_in_executor(None, provider.force_flush)
        return {}
    raise ValueError(f"unknown op {op}")


async def rest_checks(run_id: str, workflow: str) -> dict[str, Any]:
    """The SDK's feature clients that go over REST; each result is validated by the SDK's models."""
    checks: dict[str, Any] = {}

    async def check(name: str, call: Any) -> Any:
        try:
            value = await call
            checks[name] = {"ok": True}
            return value
        except Exception as e:  # noqa: BLE001 - reported per call
            checks[name] = {"ok": False, "error": f"{type(e).__name__}: {e}"[:3000]}
            return None

    await check("runs.get", client.runs.aio_get(run_id))
    await check("runs.get_status", client.runs.aio_get_status(run_id))
    await check("runs.get_task_run", client.runs.aio_get_task_run(run_id))
    await check("runs.list", client.runs.aio_list())
    await check("logs.list", client.logs.aio_list(run_id))
    await check("events.list", client.event.aio_list())
    workers = await check("workers.list", client.workers.aio_list())
    if workers is not None and workers.rows:
        await check("workers.get", client.workers.aio_get(workers.rows[0].metadata.id))
    await check("workflows.list", client.workflows.aio_list(workflow_name=workflow))
    at = datetime.now(timezone.utc) + timedelta(hours=1)
    scheduled = await check("scheduled.create", client.scheduled.aio_create(workflow, at, {}, {}))
    await check("scheduled.list", client.scheduled.aio_list())
    if scheduled is not None:
        await check("scheduled.get", client.scheduled.aio_get(scheduled.metadata.id))
        await check("scheduled.delete", client.scheduled.aio_delete(scheduled.metadata.id))
    cron = await check("cron.create", client.cron.aio_create(workflow, "interop-py", "0 0 * * *", {}, {}))
    await check("cron.list", client.cron.aio_list())
    if cron is not None:
        await check("cron.get", client.cron.aio_get(cron.metadata.id))
        await check("cron.delete", client.cron.aio_delete(cron.metadata.id))
    await feature_checks(check, run_id, workflow)
    return checks


async def feature_checks(check: Any, run_id: str, workflow: str) -> None:
    """The feature clients hatchet4j's engine gained routes for: filters, metrics, tenant, workflow by id."""
    await check("tenant.get", client._client.tenant.aio_get())  # noqa: SLF001 - only on the inner client
    await check("metrics.get_task_metrics", client.metrics.aio_get_task_metrics())
    await check("metrics.get_queue_metrics", client.metrics.aio_get_queue_metrics())
    listed = await check("workflows.list (by id)", client.workflows.aio_list(workflow_name=workflow))
    if listed is None or not listed.rows:
        return
    workflow_id = listed.rows[0].metadata.id
    await check("workflows.get", client.workflows.aio_get(workflow_id))
    created = await check("filters.create", client.filters.aio_create(workflow_id, "input.x == payload.x",
                                                                      "interop-py", {"x": 1}))
    await check("filters.list", client.filters.aio_list(workflow_ids=[workflow_id], scopes=["interop-py"]))
    if created is not None:
        await check("filters.get", client.filters.aio_get(created.metadata.id))
        await check("filters.delete", client.filters.aio_delete(created.metadata.id))


async def answer(command: dict[str, Any]) -> None:
    try:
        emit({"id": command.get("id"), "ok": True, **(await run_command(command))})
    except Exception as e:  # noqa: BLE001 - every failure is reported to the test
        emit({"id": command.get("id"), "ok": False, "error": f"{type(e).__name__}: {e}",
              "trace": traceback.format_exc()})


def serve_commands(loop: asyncio.AbstractEventLoop) -> None:
    for line in sys.stdin:
        line = line.strip()
        if line:
            asyncio.run_coroutine_threadsafe(answer(json.loads(line)), loop)
    # stdin closed: the test is done with this peer.
    if provider is not None:
        provider.force_flush()
    emit({"event": "exiting"})
    os.kill(os.getpid(), signal.SIGTERM)
    threading.Timer(5, lambda: os._exit(0)).start()


def main() -> None:
    client_loop = asyncio.new_event_loop()
    threading.Thread(target=client_loop.run_forever, daemon=True, name="client-loop").start()
    threading.Thread(target=serve_commands, args=(client_loop,), daemon=True, name="commands").start()
    worker_name = os.environ.get("INTEROP_WORKER", "")
    emit({"event": "started", "lang": LANG, "tracing": TRACING, "namespace": hatchet.config.namespace})
    if worker_name:
        worker = hatchet.worker(
            worker_name, slots=int(os.environ.get("INTEROP_SLOTS", "20")), durable_slots=10, workflows=WORKFLOWS,
            labels=flow_peer.FLOW_LABELS,
        )
        worker.start()
    else:
        threading.Event().wait()


if __name__ == "__main__":
    main()
