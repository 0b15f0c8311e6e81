"""The Python peer's concurrency workflows: upstream's concurrency examples (cancel in progress,
cancel newest, group round robin), whose tasks hold until the test releases them by token, so the
test decides when a run ends instead of guessing with sleeps.

`workflows(hatchet, emit, lang)` declares them; `command(command)` answers the "release" op.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Callable

from hatchet_sdk import ConcurrencyExpression, ConcurrencyLimitStrategy, Context, EmptyModel, Hatchet

_released: set[str] = set()
_lock = threading.Lock()
# The longest a task holds, in polls of 0.1 s, should the test never release it.
_MAX_POLLS = 1200

OPS = {"release"}


def command(command: dict[str, Any]) -> dict[str, Any]:
    with _lock:
        _released.add(command["token"])
    return {}


def workflows(hatchet: Hatchet, emit: Callable[[dict[str, Any]], None], lang: str) -> list[Any]:
    async def hold(input: EmptyModel, ctx: Context, task: str) -> dict[str, Any]:
        token = dict(input.model_dump()).get("token", "")
        emit({"event": "started", "task": task, "taskRunId": ctx.task_run_id, "token": token})
        try:
            for _ in range(_MAX_POLLS):
                with _lock:
                    if token in _released:
                        break
                await asyncio.sleep(0.1)
        except asyncio.CancelledError:
            emit({"event": "cancelled", "task": task, "taskRunId": ctx.task_run_id, "token": token})
            raise
        return {"lang": lang, "token": token}

    # concurrency_cancel_in_progress: one expression on a two-step workflow (sent as `concurrency`).
    cancel_in_progress = hatchet.workflow(
        name=f"{lang}-conc-cip",
        concurrency=ConcurrencyExpression(
            expression="input.group", max_runs=1, limit_strategy=ConcurrencyLimitStrategy.CANCEL_IN_PROGRESS
        ),
    )

    @cancel_in_progress.task()
    async def step1(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return await hold(input, ctx, f"{lang}-conc-cip")

    @cancel_in_progress.task(parents=[step1])
    async def step2(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"lang": lang, "done": True}

    # concurrency_cancel_newest_task_level: a list on a standalone task (sent on the task).
    @hatchet.task(
        name=f"{lang}-conc-newest",
        concurrency=[
            ConcurrencyExpression(
                expression="input.group", max_runs=1, limit_strategy=ConcurrencyLimitStrategy.CANCEL_NEWEST
            )
        ],
    )
    async def newest(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return await hold(input, ctx, f"{lang}-conc-newest")

    # Group round robin with two runs per key.
    @hatchet.task(
        name=f"{lang}-conc-rr",
        concurrency=ConcurrencyExpression(
            expression="input.group", max_runs=2, limit_strategy=ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN
        ),
    )
    async def round_robin(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return await hold(input, ctx, f"{lang}-conc-rr")

    # Served by the Java worker too: `concurrency=1` is one constant key, round robin, one run at a time.
    @hatchet.task(name="conc-shared", concurrency=1)
    async def shared(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return await hold(input, ctx, "conc-shared")

    return [cancel_in_progress, newest, round_robin, shared]
