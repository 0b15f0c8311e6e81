// Workflows of the TypeScript peer for DAG conditions and on-failure tasks.
//
// ts-conditions: "gate" waits for the event "<namespace>ts-conditions:go" and is skipped by
// "<namespace>ts-conditions:skip"; "after" reports whether it saw "gate" skipped.
// ts-on-failure: "step1" runs the workflow named in the input as a child (say a Java task that
// fails), so it fails with that task's error; "on-failure" returns the errors it was given.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const LANG = 'ts';

export function conditionWorkflows(hatchet) {
  const { UserEventCondition } = require('@hatchet-dev/typescript-sdk/v1/conditions');

  const conditions = hatchet.workflow({ name: 'ts-conditions' });
  const start = conditions.task({ name: 'start', fn: async () => ({ n: 1 }) });
  const gate = conditions.task({
    name: 'gate',
    parents: [start],
    waitFor: [new UserEventCondition('ts-conditions:go', '')],
    skipIf: [new UserEventCondition('ts-conditions:skip', '')],
    fn: async () => ({ lang: LANG, ran: true }),
  });
  conditions.task({
    name: 'after',
    parents: [start, gate],
    // TypeScript has no wasSkipped helper: user code reads the parent's output.
    fn: async (_input, ctx) => ({ lang: LANG, gateSkipped: (await ctx.parentOutput(gate)).skipped === true }),
  });

  const onFailure = hatchet.workflow({ name: 'ts-on-failure' });
  onFailure.task({
    name: 'step1',
    fn: async (input, ctx) => {
      try {
        return await ctx.runChild(input.target, {});
      } catch (e) {
        // A failed child run rejects with its tasks' error texts, not an Error.
        throw new Error(Array.isArray(e) ? e.join('; ') : String(e?.message ?? e));
      }
    },
  });
  onFailure.onFailure({
    name: 'on-failure',
    fn: async (_input, ctx) => ({ lang: LANG, errors: ctx.errors() }),
  });

  return [conditions, onFailure];
}
