"""Workflows of the Python peer for DAG conditions and on-failure tasks.

py-conditions: "gate" waits for the event "<namespace>py-conditions:go" and is skipped by
"<namespace>py-conditions:skip"; "after" reports whether it saw "gate" skipped.
py-on-failure: "step1" runs the workflow named in the input as a child (say a Java task that
fails), so it fails with that task's error; "on_failure" returns the errors it was given.
"""

from __future__ import annotations

from typing import Any

from hatchet_sdk import Context, EmptyModel, Hatchet, UserEventCondition

LANG = "py"


def workflows(hatchet: Hatchet) -> list[Any]:
    conditions = hatchet.workflow(name="py-conditions")

    @conditions.task()
    async def start(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"n": 1}

    @conditions.task(
        parents=[start],
        wait_for=[UserEventCondition(event_key="py-conditions:go")],
        skip_if=[UserEventCondition(event_key="py-conditions:skip")],
    )
    async def gate(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"lang": LANG, "ran": True}

    @conditions.task(parents=[start, gate])
    async def after(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"lang": LANG, "gateSkipped": ctx.was_skipped(gate)}

    on_failure = hatchet.workflow(name="py-on-failure")

    @on_failure.task()
    async def step1(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        target = dict(input.model_dump())["target"]
        return await hatchet.stubs.workflow(name=target).aio_run(EmptyModel())

    @on_failure.on_failure_task()
    async def handle(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"lang": LANG, "errors": ctx.task_run_errors}

    return [conditions, on_failure]
