// An interop peer built on the official Hatchet TypeScript SDK.
//
// It runs a worker with the ts-* workflows and, at the same time, acts as a client: each JSON line
// read from stdin is one client command, answered by one line on stdout. Every line meant for the
// test starts with "INTEROP " followed by a JSON object; everything else is the SDK's own logging.
//
// Connection settings come from the standard HATCHET_CLIENT_* variables. INTEROP_TRACING=1 turns on
// the SDK's HatchetInstrumentor, exporting to the engine's collector. INTEROP_WORKER names the
// worker (empty: no worker).
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { STREAM_OPS, runStreamCommand, streamWorkflows } from './streaming.mjs';
import { CONCURRENCY_OPS, concurrencyCommand, concurrencyWorkflows } from './concurrency.mjs';
import { conditionWorkflows } from './peer-conditions.mjs';
import { buildFlowWorkflows, FLOW_LABELS, FLOW_OPS } from './flow-peer.mjs';

const require = createRequire(import.meta.url);
const LANG = 'ts';
const TRACING = process.env.INTEROP_TRACING === '1';

function emit(message) {
  process.stdout.write(`INTEROP ${JSON.stringify(message)}\n`);
}

// Tracing must be set up before the SDK's modules load: the instrumentor patches them on require.
let tracer;
let flushTracing = async () => {};
if (TRACING) {
  const otel = require('@opentelemetry/api');
  const { W3CTraceContextPropagator } = require('@opentelemetry/core');
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { HatchetInstrumentor } = require('@hatchet-dev/typescript-sdk/opentelemetry');
  // What a TypeScript application sets up for any tracing: the W3C propagator and async context.
  otel.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  otel.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // With no global provider set, the instrumentor builds one with the Hatchet exporter pipeline.
  registerInstrumentations({
    instrumentations: [new HatchetInstrumentor({ bspConfig: { scheduledDelayMillis: 100 } })],
  });
  tracer = otel.trace.getTracer('interop-typescript');
  flushTracing = async () => {
    const provider = otel.trace.getTracerProvider().getDelegate?.() ?? otel.trace.getTracerProvider();
    await provider.forceFlush?.();
  };
}

const { Hatchet } = require('@hatchet-dev/typescript-sdk');

const hatchet = Hatchet.init();

// A span of the task's own, which the instrumentor's processor fills with hatchet.* attributes.
function customSpan(ctx, name) {
  if (!tracer) return;
  tracer.startActiveSpan(name, (span) => {
    span.setAttribute('interop.lang', LANG);
    span.setAttribute('interop.task_run_id', ctx.taskRunExternalId());
    span.end();
  });
}

const echo = hatchet.task({
  name: 'ts-echo',
  fn: async (input, ctx) => {
    customSpan(ctx, 'ts.custom');
    await ctx.log(`echo from ${LANG}`);
    return { lang: LANG, input, metadata: ctx.additionalMetadata() };
  },
});

const fail = hatchet.task({
  name: 'ts-fail',
  retries: 2,
  fn: async (_input, ctx) => {
    throw new Error(`ts-fail attempt ${ctx.retryCount()}`);
  },
});

const slow = hatchet.task({
  name: 'ts-slow',
  executionTimeout: '2m',
  fn: async (_input, ctx) => {
    emit({ event: 'started', task: 'ts-slow', taskRunId: ctx.taskRunExternalId() });
    try {
      await sleep(60_000, undefined, { signal: ctx.abortController.signal });
    } catch (e) {
      emit({ event: 'cancelled', task: 'ts-slow', taskRunId: ctx.taskRunExternalId() });
      throw e;
    }
    return { lang: LANG, finished: true };
  },
});

const child = hatchet.task({
  name: 'ts-child',
  fn: async (input) => ({ doubled: input.value * 2 }),
});

const parent = hatchet.task({
  name: 'ts-parent',
  fn: async (input, ctx) => {
    const results = await Promise.all(input.values.map((value) => ctx.runChild(child, { value })));
    return { lang: LANG, sum: results.reduce((sum, r) => sum + r.doubled, 0) };
  },
});

// Runs the workflow named in the input as a child, in whatever language serves it.
const relay = hatchet.task({
  name: 'ts-relay',
  fn: async (input, ctx) => {
    customSpan(ctx, 'ts.relay');
    return { lang: LANG, child: await ctx.runChild(input.target, input.input ?? {}) };
  },
});

const durable = hatchet.durableTask({
  name: 'ts-durable',
  executionTimeout: '2m',
  fn: async (input, ctx) => {
    emit({ event: 'waiting', task: 'ts-durable', taskRunId: ctx.taskRunExternalId(), key: input.key });
    const event = await ctx.waitFor({ eventKey: input.key });
    return { lang: LANG, event };
  },
});

const dag = hatchet.workflow({ name: 'ts-dag' });
const first = dag.task({ name: 'first', fn: async (input) => ({ n: input.n + 1 }) });
dag.task({
  name: 'second',
  parents: [first],
  fn: async (_input, ctx) => ({ n: (await ctx.parentOutput(first)).n * 10, lang: LANG }),
});

// A no-op returning its input, for the benchmark suite (benchmarks module, CompareBench).
const noop = hatchet.task({ name: 'ts-noop', fn: async (input) => input });

const WORKFLOWS = [
  echo, fail, slow, child, parent, relay, durable, dag, noop,
  ...streamWorkflows(hatchet),
  ...concurrencyWorkflows(hatchet, emit, LANG),
  ...conditionWorkflows(hatchet),
  ...buildFlowWorkflows(hatchet),
];

// ---- client commands ----

async function runCommand(command) {
  const metadata = command.metadata ?? {};
  if (STREAM_OPS.has(command.op)) return runStreamCommand(hatchet, command, emit);
  if (CONCURRENCY_OPS.has(command.op)) return concurrencyCommand(command);
  switch (command.op) {
    case 'run': {
      const ref = await hatchet.runNoWait(command.workflow, command.input ?? {}, { additionalMetadata: metadata });
      const runId = await ref.getWorkflowRunId();
      if (command.wait === false) return { runId };
      return { runId, result: await ref.output };
    }
    case 'bulk': {
      const refs = await hatchet.admin.runWorkflows(
        command.inputs.map((input) => ({
          workflowName: command.workflow,
          input,
          options: { additionalMetadata: metadata },
        })),
      );
      const runIds = await Promise.all(refs.map((ref) => ref.getWorkflowRunId()));
      const results = await Promise.all(refs.map((ref) => ref.output));
      return { runIds, results };
    }
    case 'schedule': {
      const scheduled = await hatchet.scheduled.create(command.workflow, {
        triggerAt: new Date(Date.now() + (command.delayMs ?? 1000)),
        input: command.input ?? {},
        additionalMetadata: metadata,
      });
      return { scheduleIds: [scheduled.metadata.id] };
    }
    case 'push': {
      const event = await hatchet.events.push(command.key, command.payload ?? {}, { additionalMetadata: metadata });
      return { eventId: event.eventId };
    }
    case 'bulkPush': {
      // The TypeScript SDK pushes one key per bulk call.
      const key = command.events[0].key;
      if (command.events.some((e) => e.key !== key)) throw new Error('one key per bulk push in TypeScript');
      const events = await hatchet.events.bulkPush(
        key,
        command.events.map((e) => ({ payload: e.payload ?? {}, additionalMetadata: e.metadata ?? {} })),
      );
      return { eventIds: events.events.map((e) => e.eventId) };
    }
    case 'details':
      // v1 AdminService/GetRunDetails.
      return { details: await hatchet.runs.getDetails(command.runId) };
    case 'cancel':
      await hatchet.runs.cancel({ ids: [command.runId] });
      return {};
    case 'rest':
      return { checks: await restChecks(command.runId, command.workflow) };
    case 'putRateLimit':
    case 'listRateLimits':
      return FLOW_OPS[command.op](hatchet, command);
    case 'flush':
      await flushTracing();
      return {};
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

// The SDK's feature clients that go over REST.
async function restChecks(runId, workflow) {
  const checks = {};
  const check = async (name, call) => {
    try {
      const value = await call();
      checks[name] = { ok: true };
      return value;
    } catch (e) {
      const body = e?.response?.data ? ` ${JSON.stringify(e.response.data)}` : '';
      checks[name] = { ok: false, error: `${e?.name}: ${e?.message}${body}`.slice(0, 3000) };
      return undefined;
    }
  };
  await check('runs.get', () => hatchet.runs.get(runId));
  await check('runs.get_status', () => hatchet.runs.get_status(runId));
  await check('runs.list', () => hatchet.runs.list({}));
  await check('logs.list', () => hatchet.logs.list(runId));
  await check('events.list', () => hatchet.events.list());
  const workers = await check('workers.list', () => hatchet.workers.list());
  if (workers?.rows?.length) await check('workers.get', () => hatchet.workers.get(workers.rows[0].metadata.id));
  await check('workflows.get', () => hatchet.workflows.get(workflow));
  const scheduled = await check('scheduled.create', () =>
    hatchet.scheduled.create(workflow, { triggerAt: new Date(Date.now() + 3_600_000), input: {} }));
  await check('scheduled.list', () => hatchet.scheduled.list({}));
  if (scheduled) {
    await check('scheduled.get', () => hatchet.scheduled.get(scheduled.metadata.id));
    await check('scheduled.delete', () => hatchet.scheduled.delete(scheduled.metadata.id));
  }
  const cron = await check('crons.create', () =>
    hatchet.crons.create(workflow, { name: 'interop-ts', expression: '0 0 * * *', input: {} }));
  await check('crons.list', () => hatchet.crons.list({}));
  if (cron) {
    await check('crons.get', () => hatchet.crons.get(cron.metadata.id));
    await check('crons.delete', () => hatchet.crons.delete(cron.metadata.id));
  }
  await featureChecks(check, workflow);
  return checks;
}

/** The feature clients hatchet4j's engine gained routes for: tenant, metrics, filters. */
async function featureChecks(check, workflow) {
  await check('tenant.get', () => hatchet.tenant.get());
  await check('metrics.getTaskStatusMetrics', () =>
    hatchet.metrics.getTaskStatusMetrics({ since: new Date(Date.now() - 3_600_000).toISOString() }));
  await check('metrics.getQueueMetrics', () => hatchet.metrics.getQueueMetrics());
  const found = await check('workflows.get (for its id)', () => hatchet.workflows.get(workflow));
  if (!found) return;
  const filter = await check('filters.create', () => hatchet.filters.create({
    workflowId: found.metadata.id, expression: 'input.x == payload.x', scope: 'interop-ts', payload: { x: 1 },
  }));
  await check('filters.list', () => hatchet.filters.list({ workflowIds: [found.metadata.id], scopes: ['interop-ts'] }));
  if (filter) {
    await check('filters.get', () => hatchet.filters.get(filter.metadata.id));
    await check('filters.delete', () => hatchet.filters.delete(filter.metadata.id));
  }
}

async function answer(command) {
  try {
    emit({ id: command.id, ok: true, ...(await runCommand(command)) });
  } catch (e) {
    // A failed run rejects with the list of its tasks' errors, not with an Error.
    const error = e instanceof Error ? `${e.name}: ${e.message}` : JSON.stringify(e);
    emit({ id: command.id, ok: false, error, trace: e?.stack });
  }
}

const workerName = process.env.INTEROP_WORKER ?? '';
emit({ event: 'started', lang: LANG, tracing: TRACING, namespace: hatchet.config.namespace });
let worker;
if (workerName) {
  worker = await hatchet.worker(workerName, {
    workflows: WORKFLOWS,
    slots: Number(process.env.INTEROP_SLOTS ?? 20),
    durableSlots: 10,
    labels: FLOW_LABELS,
  });
  worker.start().catch((e) => emit({ event: 'worker-failed', error: String(e?.stack ?? e) }));
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim()) answer(JSON.parse(line));
});
lines.on('close', async () => {
  // stdin closed: the test is done with this peer.
  await flushTracing();
  emit({ event: 'exiting' });
  await Promise.race([worker?.stop(), sleep(5000)]);
  process.exit(0);
});
