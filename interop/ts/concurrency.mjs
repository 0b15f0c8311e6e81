// The TypeScript peer's concurrency workflows: upstream's concurrency examples (cancel in progress,
// cancel newest, group round robin), whose tasks hold until the test releases them by token, so the
// test decides when a run ends instead of guessing with sleeps.
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);

const released = new Set();
// The longest a task holds, in polls of 100 ms, should the test never release it.
const MAX_POLLS = 1200;

export const CONCURRENCY_OPS = new Set(['release']);

export function concurrencyCommand(command) {
  released.add(command.token);
  return {};
}

export function concurrencyWorkflows(hatchet, emit, lang) {
  // Required here, not at the top: peer.mjs sets tracing up before the SDK's modules load.
  const { ConcurrencyLimitStrategy } = require('@hatchet-dev/typescript-sdk/v1');
  async function hold(input, ctx, task) {
    const token = input.token ?? '';
    const taskRunId = ctx.taskRunExternalId();
    emit({ event: 'started', task, taskRunId, token });
    try {
      for (let i = 0; i < MAX_POLLS && !released.has(token); i += 1) {
        await sleep(100, undefined, { signal: ctx.abortController.signal });
      }
    } catch (e) {
      emit({ event: 'cancelled', task, taskRunId, token });
      throw e;
    }
    return { lang, token };
  }

  // concurrency_cancel_in_progress: one expression on a two-step workflow (sent as `concurrency`).
  const cancelInProgress = hatchet.workflow({
    name: `${lang}-conc-cip`,
    concurrency: { expression: 'input.group', maxRuns: 1, limitStrategy: ConcurrencyLimitStrategy.CANCEL_IN_PROGRESS },
  });
  const step1 = cancelInProgress.task({ name: 'step1', fn: (input, ctx) => hold(input, ctx, `${lang}-conc-cip`) });
  cancelInProgress.task({ name: 'step2', parents: [step1], fn: async () => ({ lang, done: true }) });

  // concurrency_cancel_newest_task_level: a list on a standalone task (sent on the task).
  const newest = hatchet.task({
    name: `${lang}-conc-newest`,
    concurrency: [{ expression: 'input.group', maxRuns: 1, limitStrategy: ConcurrencyLimitStrategy.CANCEL_NEWEST }],
    fn: (input, ctx) => hold(input, ctx, `${lang}-conc-newest`),
  });

  // Group round robin with two runs per key.
  const roundRobin = hatchet.task({
    name: `${lang}-conc-rr`,
    concurrency: { expression: 'input.group', maxRuns: 2, limitStrategy: ConcurrencyLimitStrategy.GROUP_ROUND_ROBIN },
    fn: (input, ctx) => hold(input, ctx, `${lang}-conc-rr`),
  });

  return [cancelInProgress, newest, roundRobin];
}
