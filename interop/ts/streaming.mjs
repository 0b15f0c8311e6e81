// Streaming for the interop peer: a task that streams (ts-stream) and a subscriber command.
//
// peer.mjs registers streamWorkflows() with its worker and hands the ops in STREAM_OPS to
// runStreamCommand. A producer cannot know when a subscriber in another process is listening, so
// it puts "probe" chunks until the test says go (op streamGo, with the token from the task's
// input); a subscriber reports its first probe as the event "subscribed". The SDK's putStream does
// not wait for the engine, so a task could end before its last chunk arrives: with awaitDone in
// its input the task returns only once the subscriber says it has every chunk (op streamDone).
import { setTimeout as sleep } from 'node:timers/promises';

const LANG = 'ts';
const PROBE = 'probe';
export const STREAM_OPS = new Set(['stream', 'streamGo', 'streamDone']);

const released = new Set();
const done = new Map();

// The promise a task waits on until op streamDone names its token, and its resolver.
function doneSignal(token) {
  if (!done.has(token)) {
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    done.set(token, { promise, resolve });
  }
  return done.get(token);
}

export function streamWorkflows(hatchet) {
  const stream = hatchet.task({
    name: 'ts-stream',
    fn: async (input, ctx) => {
      while (!released.has(input.token)) {
        await ctx.putStream(PROBE);
        await sleep(50);
      }
      const chunks = input.chunks ?? 10;
      for (let i = 0; i < chunks; i++) {
        await ctx.putStream(`${LANG}-${i}`);
      }
      if (input.awaitDone) {
        await doneSignal(input.token).promise;
        done.delete(input.token);
      }
      return { lang: LANG, chunks };
    },
  });
  return [stream];
}

export async function runStreamCommand(hatchet, command, emit) {
  if (command.op === 'streamGo') {
    released.add(command.token);
    return {};
  }
  if (command.op === 'streamDone') {
    doneSignal(command.token).resolve();
    return {};
  }
  // op "stream": hatchet.runs.subscribeToStream, to the end of the run.
  const chunks = [];
  let subscribed = false;
  for await (const chunk of hatchet.runs.subscribeToStream(command.runId)) {
    if (chunk === PROBE) {
      if (!subscribed) {
        subscribed = true;
        emit({ event: 'subscribed', runId: command.runId });
      }
      continue;
    }
    chunks.push(chunk);
  }
  return { chunks };
}
