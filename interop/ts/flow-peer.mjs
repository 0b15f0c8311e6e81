// Flow-control workflows of the TypeScript interop peer: rate limits, worker labels, stickiness.
//
// They declare what upstream's own examples declare, so the engine schedules exactly what the
// official SDK sends. peer.mjs adds buildFlowWorkflows() to its worker, FLOW_LABELS to the worker's
// labels, and FLOW_OPS to its commands.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// The SDK is required when first used, not when this module loads: peer.mjs's static imports run
// before its body, and with tracing on the instrumentor must be registered before the SDK loads.
function sdk() {
  return require('@hatchet-dev/typescript-sdk/v1');
}

const LANG = 'ts';

// The worker's labels: a text one and a number, as in upstream's affinity example.
export const FLOW_LABELS = { model: 'interop-model', memory: 512 };

export function buildFlowWorkflows(hatchet) {
  const { RateLimitDuration, StickyStrategy, WorkerLabelComparator } = sdk();
  const rateLimited = hatchet.task({
    name: `${LANG}-rate-limited`,
    rateLimits: [{ staticKey: `${LANG}-interop-limit`, units: 1 }],
    fn: async (_input, ctx) => ({ lang: LANG, worker: ctx.worker.id() }),
  });

  const dynamicLimited = hatchet.task({
    name: `${LANG}-dynamic-limited`,
    rateLimits: [
      { dynamicKey: 'input.group', units: 'input.units', limit: 'input.limit', duration: RateLimitDuration.HOUR },
    ],
    fn: async (input) => ({ lang: LANG, group: input.group }),
  });

  const affinity = hatchet.task({
    name: `${LANG}-affinity`,
    desiredWorkerLabels: {
      model: { value: 'another-model', weight: 10 },
      memory: { value: 256, required: true, comparator: WorkerLabelComparator.GREATER_THAN },
    },
    fn: async (_input, ctx) => ({ lang: LANG, worker: ctx.worker.id() }),
  });

  const affinityStrict = hatchet.task({
    name: `${LANG}-affinity-strict`,
    desiredWorkerLabels: {
      memory: { value: 256, required: true, comparator: WorkerLabelComparator.LESS_THAN },
    },
    fn: async (_input, ctx) => ({ lang: LANG, worker: ctx.worker.id() }),
  });

  const upsertLabels = hatchet.task({
    name: `${LANG}-upsert-labels`,
    fn: async (input, ctx) => {
      await ctx.worker.upsertLabels(input.labels);
      return { lang: LANG, worker: ctx.worker.id() };
    },
  });

  const stickyChild = hatchet.workflow({ name: `${LANG}-sticky-child`, sticky: StickyStrategy.SOFT });
  stickyChild.task({ name: 'child', fn: async (_input, ctx) => ({ worker: ctx.worker.id() }) });

  const sticky = hatchet.workflow({ name: `${LANG}-sticky`, sticky: StickyStrategy.HARD });
  const step1 = sticky.task({ name: 'step1', fn: async (_input, ctx) => ({ worker: ctx.worker.id() }) });
  sticky.task({
    name: 'step2',
    parents: [step1],
    fn: async (_input, ctx) => {
      // The SDK's sticky check looks the child up among the worker's workflows by their namespaced
      // name but compares the declaration's own name, so with a namespace it must be given namespaced.
      const namespace = process.env.HATCHET_CLIENT_NAMESPACE ?? '';
      const result = await ctx.runChild(`${namespace}${stickyChild.name}`, {}, { sticky: true });
      return { worker: ctx.worker.id(), child: result.child.worker };
    },
  });

  return [rateLimited, dynamicLimited, affinity, affinityStrict, upsertLabels, stickyChild, sticky];
}

export const FLOW_OPS = {
  async putRateLimit(hatchet, command) {
    await hatchet.ratelimits.upsert({
      key: command.key,
      limit: command.limit,
      duration: sdk().RateLimitDuration[command.duration],
    });
    return {};
  },
  async listRateLimits(hatchet, command) {
    const listed = await hatchet.ratelimits.list({ search: command.search });
    return { rows: listed.rows ?? [] };
  },
};
