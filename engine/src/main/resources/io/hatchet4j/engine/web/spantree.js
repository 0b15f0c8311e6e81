// Builds the span tree of a trace from the flat rows of the trace API, once per change.
//
// Spans of every service are linked by parent id, then the engine's bookkeeping is folded in so
// each task attempt reads as one row: the engine's view of an attempt merges into the worker's
// hatchet.start_step_run span (its queued time drawn in front of it), a child run moves under the
// producer span that created it (hatchet.child_workflow_run_id), and spans whose parent never
// arrived but that name their task (hatchet.step_run_id) go under that task's attempt.
import { nanosToMs } from './format.js';

const ENGINE_ATTEMPT = 'hatchet.engine.start_step_run';
const ENGINE_QUEUED = 'hatchet.engine.queued';
const ENGINE_RUN = 'hatchet.engine.workflow_run';
const SDK_ATTEMPT = 'hatchet.start_step_run';
const PRODUCER = 'hatchet.run_workflow';

function isEngine(span) {
  return span.spanAttributes?.['hatchet.span_source'] === 'engine';
}

function attemptKey(span) {
  const a = span.spanAttributes || {};
  const task = a['hatchet.step_run_id'];
  if (!task) return null;
  return `${task}/${parseInt(a['hatchet.retry_count'] || '0', 10) || 0}`;
}

function node(span) {
  const start = nanosToMs(span.startTimeUnixNano);
  const end = start + Number(span.durationNs) / 1e6;
  return {
    span, id: span.spanId, children: [], parent: null, start, end, effStart: start, effEnd: end,
    queued: null, engine: null, depth: 0, error: span.statusCode === 'ERROR',
  };
}

function detach(n) {
  if (n.parent) {
    const i = n.parent.children.indexOf(n);
    if (i >= 0) n.parent.children.splice(i, 1);
  }
  n.parent = null;
}

function isAncestor(candidate, n) {
  for (let p = n; p; p = p.parent) if (p === candidate) return true;
  return false;
}

function attach(child, parent) {
  detach(child);
  child.parent = parent;
  parent.children.push(child);
}

/**
 * Returns { roots, byId, start, end, count } for the rows of one trace. Nodes carry their span,
 * children, depth, effective extent (effStart/effEnd), merged engine attempt (engine) and queued
 * phase (queued: { start, end, span }).
 */
export function buildTree(rows) {
  const byId = new Map();
  for (const span of rows) if (!byId.has(span.spanId)) byId.set(span.spanId, node(span));
  const nodes = [...byId.values()];
  for (const n of nodes) {
    const parent = n.span.parentSpanId ? byId.get(n.span.parentSpanId) : null;
    if (parent && parent !== n && !isAncestor(n, parent)) {
      n.parent = parent;
      parent.children.push(n);
    }
  }

  // One row per task attempt: the worker's span absorbs the engine's span and queued time.
  const sdkAttempts = new Map();
  const engineAttempts = new Map();
  for (const n of nodes) {
    const key = attemptKey(n.span);
    if (!key) continue;
    if (n.span.spanName.startsWith(SDK_ATTEMPT) && !isEngine(n.span)) sdkAttempts.set(key, n);
    else if (n.span.spanName === ENGINE_ATTEMPT) engineAttempts.set(key, n);
  }
  const removed = new Set();
  for (const [key, engine] of engineAttempts) {
    const sdk = sdkAttempts.get(key);
    if (!sdk) continue;
    for (const child of [...engine.children]) if (!isAncestor(child, sdk)) attach(child, sdk);
    detach(engine);
    sdk.engine = engine.span;
    if (engine.error) sdk.error = true;
    removed.add(engine);
  }
  for (const n of nodes) {
    if (n.span.spanName !== ENGINE_QUEUED) continue;
    const key = attemptKey(n.span);
    const owner = sdkAttempts.get(key) || engineAttempts.get(key);
    if (!owner || removed.has(owner)) continue;
    owner.queued = { start: n.start, end: n.end, span: n.span };
    for (const child of [...n.children]) attach(child, owner);
    detach(n);
    removed.add(n);
  }

  // A child run goes under the span that triggered it.
  const producers = new Map();
  for (const n of nodes) {
    const child = n.span.spanAttributes?.['hatchet.child_workflow_run_id'];
    if (child && n.span.spanName.startsWith(PRODUCER)) producers.set(child, n);
  }
  for (const n of nodes) {
    if (n.span.spanName !== ENGINE_RUN || removed.has(n)) continue;
    const producer = producers.get(n.span.spanAttributes?.['hatchet.workflow_run_id']);
    if (producer && !isAncestor(n, producer)) attach(n, producer);
  }

  // Spans whose parent is missing but which name their task hang under that task's attempt.
  const attemptsByTask = new Map();
  for (const [key, n] of [...engineAttempts, ...sdkAttempts]) {
    if (removed.has(n)) continue;
    const task = key.slice(0, key.lastIndexOf('/'));
    const retry = Number(key.slice(key.lastIndexOf('/') + 1));
    const best = attemptsByTask.get(task);
    if (!best || retry >= best.retry) attemptsByTask.set(task, { retry, n });
  }
  for (const n of nodes) {
    if (n.parent || removed.has(n)) continue;
    const key = attemptKey(n.span);
    if (!key) continue;
    const owner = sdkAttempts.get(key) || engineAttempts.get(key)
      || attemptsByTask.get(key.slice(0, key.lastIndexOf('/')))?.n;
    if (owner && owner !== n && !removed.has(owner) && !isAncestor(n, owner)) attach(n, owner);
  }

  const roots = nodes.filter((n) => !n.parent && !removed.has(n));
  const byStart = (a, b) => a.start - b.start || (a.id < b.id ? -1 : 1);
  roots.sort(byStart);
  let start = Infinity;
  let end = -Infinity;
  // Iterative post-order: depth first, then extents bottom-up (no recursion on deep traces).
  const stack = roots.map((r) => [r, 0, false]);
  const order = [];
  while (stack.length) {
    const [n, depth, done] = stack.pop();
    if (done) {
      order.push(n);
      continue;
    }
    n.depth = depth;
    n.children.sort(byStart);
    stack.push([n, depth, true]);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i], depth + 1, false]);
  }
  for (const n of order) {
    if (n.queued) n.effStart = Math.min(n.effStart, n.queued.start);
    // Engine roots are instants; draw them across what they contain.
    if (n.end - n.start === 0 && n.children.length) {
      for (const c of n.children) {
        n.effStart = Math.min(n.effStart, c.effStart);
        n.effEnd = Math.max(n.effEnd, c.effEnd);
      }
    }
    start = Math.min(start, n.effStart);
    end = Math.max(end, n.effEnd);
  }
  return { roots, byId, start, end, count: order.length };
}

/** The subtree a run's page shows: the run's producer span or its engine root, if present. */
export function subtreeOf(tree, runId) {
  let runRoot = null;
  for (const n of tree.byId.values()) {
    if (n.span.spanName === ENGINE_RUN && n.span.spanAttributes?.['hatchet.workflow_run_id'] === runId) runRoot = n;
  }
  if (!runRoot) return null;
  const p = runRoot.parent;
  return p && p.span.spanAttributes?.['hatchet.child_workflow_run_id'] === runId ? p : runRoot;
}
