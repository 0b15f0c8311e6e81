"""Flow-control workflows of the Python interop peer: rate limits, worker labels, stickiness.

They declare what upstream's own examples declare (examples/rate_limit, affinity_workers,
sticky_workers), so the engine schedules exactly what the official SDK sends. peer.py adds
FLOW_WORKFLOWS to its worker, FLOW_LABELS to the worker's labels, and FLOW_OPS to its commands.
"""

from __future__ import annotations

from typing import Any

from hatchet_sdk import Context, EmptyModel, Hatchet, StickyStrategy, WorkerLabelComparator
from hatchet_sdk.labels import DesiredWorkerLabel
from hatchet_sdk.rate_limit import RateLimit, RateLimitDuration

LANG = "py"
# The worker's labels: a text one and a number, as in upstream's affinity example.
FLOW_LABELS: dict[str, str | int] = {"model": "interop-model", "memory": 512}


def build(hatchet: Hatchet) -> list[Any]:
    def fields(model: EmptyModel) -> dict[str, Any]:
        return dict(model.model_dump())

    @hatchet.task(name=f"{LANG}-rate-limited", rate_limits=[RateLimit(static_key=f"{LANG}-interop-limit", units=1)])
    async def rate_limited(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"lang": LANG, "worker": ctx.worker_id}

    @hatchet.task(
        name=f"{LANG}-dynamic-limited",
        rate_limits=[
            RateLimit(dynamic_key="input.group", units="input.units", limit="input.limit",
                      duration=RateLimitDuration.HOUR)
        ],
    )
    async def dynamic_limited(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"lang": LANG, "group": fields(input)["group"]}

    @hatchet.task(
        name=f"{LANG}-affinity",
        desired_worker_labels=[
            DesiredWorkerLabel(key="model", value="another-model", weight=10),
            DesiredWorkerLabel(key="memory", value=256, required=True,
                               comparator=WorkerLabelComparator.GREATER_THAN),
        ],
    )
    async def affinity(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"lang": LANG, "worker": ctx.worker_id}

    @hatchet.task(
        name=f"{LANG}-affinity-strict",
        desired_worker_labels=[
            DesiredWorkerLabel(key="memory", value=256, required=True, comparator=WorkerLabelComparator.LESS_THAN),
        ],
    )
    async def affinity_strict(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"lang": LANG, "worker": ctx.worker_id}

    @hatchet.task(name=f"{LANG}-upsert-labels")
    async def upsert_labels(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        await ctx.aio_upsert_worker_labels(fields(input)["labels"])
        return {"lang": LANG, "worker": ctx.worker_id}

    sticky_child = hatchet.workflow(name=f"{LANG}-sticky-child", sticky=StickyStrategy.SOFT)

    @sticky_child.task()
    async def child(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"worker": ctx.worker_id}

    sticky = hatchet.workflow(name=f"{LANG}-sticky", sticky=StickyStrategy.HARD)

    @sticky.task()
    async def step1(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        return {"worker": ctx.worker_id}

    @sticky.task(parents=[step1])
    async def step2(input: EmptyModel, ctx: Context) -> dict[str, Any]:
        result = await sticky_child.aio_run(sticky=True)
        return {"worker": ctx.worker_id, "child": result["child"]["worker"]}

    return [rate_limited, dynamic_limited, affinity, affinity_strict, upsert_labels, sticky_child, sticky]


async def put_rate_limit(client: Hatchet, command: dict[str, Any]) -> dict[str, Any]:
    await client.rate_limits.aio_put(command["key"], command["limit"], RateLimitDuration[command["duration"]])
    return {}


async def list_rate_limits(client: Hatchet, command: dict[str, Any]) -> dict[str, Any]:
    listed = await client.rate_limits.aio_list(search=command.get("search"))
    return {"rows": [row.model_dump(mode="json", by_alias=True) for row in listed.rows or []]}


FLOW_OPS = {"putRateLimit": put_rate_limit, "listRateLimits": list_rate_limits}
