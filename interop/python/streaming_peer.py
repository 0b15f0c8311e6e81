"""Streaming for the interop peer: a task that streams (py-stream) and a subscriber command.

peer.py registers STREAM_WORKFLOWS with its worker and hands the ops in STREAM_OPS to
run_stream_command. A producer cannot know when a subscriber in another process is listening, so
it puts "probe" chunks until the test says go (op streamGo, with the token from the task's input);
a subscriber reports its first probe as the event "subscribed". With awaitDone in its input the
task returns only once the subscriber says it has every chunk (op streamDone), as the TypeScript
peer must (its putStream does not wait for the engine).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Callable

from hatchet_sdk import Context, EmptyModel, Hatchet

LANG = "py"
PROBE = "probe"
STREAM_OPS = {"stream", "streamGo", "streamDone"}

_go: dict[str, threading.Event] = {}
_done: dict[str, threading.Event] = {}
_go_lock = threading.Lock()


def _go_event(token: str) -> threading.Event:
    with _go_lock:
        return _go.setdefault(token, threading.Event())


def _done_event(token: str) -> threading.Event:
    with _go_lock:
        return _done.setdefault(token, threading.Event())


def stream_workflows(hatchet: Hatchet) -> list[Any]:
    @hatchet.task(name="py-stream")
    async def stream(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        args = dict(input.model_dump())
        go = _go_event(args["token"])
        while not go.is_set():
            await ctx.aio_put_stream(PROBE)
            await asyncio.sleep(0.05)
        for i in range(args.get("chunks", 10)):
            await ctx.aio_put_stream(f"{LANG}-{i}")
        if args.get("awaitDone"):
            await asyncio.to_thread(_done_event(args["token"]).wait)
        return {"lang": LANG, "chunks": args.get("chunks", 10)}

    return [stream]


async def run_stream_command(client: Hatchet, command: dict[str, Any], emit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    if command["op"] == "streamGo":
        _go_event(command["token"]).set()
        return {}
    if command["op"] == "streamDone":
        _done_event(command["token"]).set()
        return {}
    # op "stream": hatchet.runs.subscribe_to_stream, to the end of the run.
    run_id = command["runId"]
    chunks: list[str] = []
    subscribed = False
    async for chunk in client.runs.subscribe_to_stream(run_id):
        if chunk == PROBE:
            if not subscribed:
                subscribed = True
                emit({"event": "subscribed", "runId": run_id})
            continue
        chunks.append(chunk)
    return {"chunks": chunks}
