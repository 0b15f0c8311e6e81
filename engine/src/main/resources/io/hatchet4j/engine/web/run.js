// A run's page: summary, input and output, tasks with their attempts and logs, child runs, and
// the run's trace as a waterfall. Refreshes while the run is going and shortly after, since
// workers export their spans in batches.
import * as api from './api.js';
import { between, duration, el, jsonBlock, statusBadge, time } from './format.js';
import { buildTree, subtreeOf } from './spantree.js';
import { Waterfall } from './waterfall.js';

const REFRESH_MS = 2000;
/** How long after a run ends the page still looks for late spans. */
const LATE_SPANS_MS = 15000;

export function runView(root, runId, onUnauthorized) {
  const summary = el('div', { className: 'summary' });
  const tasks = el('div', { className: 'tasks' });
  const io = el('div', { className: 'io' });
  const traceInfo = el('p', { className: 'muted', attrs: { 'aria-live': 'polite' } });
  const wholeTrace = el('input', { attrs: { type: 'checkbox', id: 'whole-trace' } });
  const waterfallBox = el('div', { className: 'waterfall', attrs: { id: 'waterfall' } });
  const panel = el('aside', { className: 'panel', attrs: { id: 'span-panel', 'aria-label': 'Span details', 'aria-live': 'polite' } });
  root.replaceChildren(
    el('p', {}, el('a', { text: '← Runs', attrs: { href: '#/' } })),
    summary,
    el('section', { className: 'trace' },
      el('div', { className: 'trace-head' },
        el('h2', { text: 'Trace' }), traceInfo,
        el('label', { className: 'whole' }, wholeTrace, ' whole trace')),
      el('div', { className: 'trace-body' }, waterfallBox, panel)),
    el('section', {}, el('h2', { text: 'Tasks' }), tasks),
    io);
  const waterfall = new Waterfall(waterfallBox, panel);
  let disposed = false;
  let timer = null;
  let lastTraceKey = null;
  let tree = null;
  let run = null;
  let finishedAt = null;
  let shown = null;
  let lastTrace = null;

  function describeTrace() {
    if (!lastTrace) return;
    traceInfo.textContent = `${lastTrace.total} span(s) in trace ${lastTrace.traceId}` +
      (lastTrace.truncated ? ` (first ${lastTrace.rows.length} loaded)` : '') +
      (shown ? '; this run\'s part shown' : '');
  }

  wholeTrace.addEventListener('change', () => {
    shown = showTree();
    describeTrace();
  });

  function showTree() {
    if (!tree || !run) return;
    const sub = wholeTrace.checked ? null : subtreeOf(tree, run.id);
    // A child run shows its own part of the shared trace; a top-level run shows all of it.
    const root = run.parentTaskRunId && sub ? sub : null;
    waterfall.show(tree, root);
    return root;
  }

  async function refresh() {
    try {
      const [detail, trace] = await Promise.all([api.run(runId), api.runTrace(runId)]);
      if (disposed) return;
      run = detail;
      renderSummary(detail);
      renderTasks(detail);
      renderIo(detail);
      const key = `${trace.traceId}:${trace.total}`;
      if (key !== lastTraceKey) {
        lastTraceKey = key;
        tree = buildTree(trace.rows);
        shown = showTree();
      }
      lastTrace = trace;
      describeTrace();
      const terminal = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(detail.status);
      if (terminal && finishedAt == null) finishedAt = Date.now();
      if (!terminal || Date.now() - finishedAt < LATE_SPANS_MS) timer = setTimeout(refresh, REFRESH_MS);
    } catch (e) {
      if (e instanceof api.Unauthorized) return onUnauthorized();
      summary.replaceChildren(el('p', { className: 'error', text: `Could not load run ${runId}: ${e.message}`, attrs: { role: 'alert' } }));
      if (!disposed && e.status !== 404) timer = setTimeout(refresh, REFRESH_MS * 2);
    }
  }

  function renderSummary(r) {
    const facts = [
      ['Status', statusBadge(r.status)],
      ['Run id', el('span', { className: 'mono', text: r.id })],
      ['Created', time(r.createdAt)],
      ['Started', time(r.startedAt)],
      ['Duration', duration(between(r.startedAt || r.createdAt, r.finishedAt))],
    ];
    if (r.parentTaskRunId) facts.push(['Spawned by task', el('span', { className: 'mono', text: r.parentTaskRunId })]);
    if (r.triggeringEventId) facts.push(['Triggered by event', el('span', { className: 'mono', text: r.triggeringEventId })]);
    const parts = [
      el('h1', {}, r.workflow, ' ', statusBadge(r.status)),
      el('dl', { className: 'facts' }, ...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', {}, v)])),
    ];
    if (r.children.length) {
      parts.push(el('div', { className: 'children' }, el('h3', { text: 'Child runs' }), el('ul', {},
        ...r.children.map((c) => el('li', {}, statusBadge(c.status), ' ',
          el('a', { text: `${c.workflow} ${c.id.slice(0, 8)}`, attrs: { href: `#/runs/${c.id}` } }))))));
    }
    summary.replaceChildren(...parts);
  }

  function renderTasks(r) {
    const openLogs = new Set([...tasks.querySelectorAll('details[open]')].map((d) => d.dataset.taskId));
    tasks.replaceChildren(el('table', { className: 'task-table' },
      el('thead', {}, el('tr', {}, ...['Task', 'Status', 'Attempts', 'Started', 'Duration', 'Error']
        .map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
      el('tbody', {}, ...r.tasks.flatMap((t) => {
        const rows = [el('tr', { attrs: { 'data-task-id': t.id } },
          el('td', {}, t.name, t.onFailure ? ' (on failure)' : ''),
          el('td', {}, statusBadge(t.status)),
          el('td', { className: 'num', text: `${t.attempts}${t.retryCount ? ` (retry ${t.retryCount})` : ''}` }),
          el('td', { text: time(t.startedAt) }),
          el('td', { className: 'num', text: duration(between(t.startedAt, t.finishedAt)) }),
          el('td', { className: t.error ? 'error' : '', text: t.error || '' }))];
        const details = el('details', { attrs: { 'data-task-id': t.id } },
          el('summary', { text: `Output and ${t.logs.length} log line(s)` }),
          el('h4', { text: 'Output' }), jsonBlock(t.output),
          el('h4', { text: 'Logs' }),
          t.logs.length ? el('ol', { className: 'logs' }, ...t.logs.map((l) => el('li', {},
            el('span', { className: 'muted', text: `${time(l.createdAt)} attempt ${l.retryCount ?? 0} ${l.level || ''} ` }),
            l.message))) : el('p', { className: 'muted', text: 'none' }));
        if (openLogs.has(t.id)) details.open = true;
        rows.push(el('tr', { className: 'task-detail' }, el('td', { attrs: { colspan: '6' } }, details)));
        return rows;
      }))));
  }

  function renderIo(r) {
    io.replaceChildren(
      el('section', {}, el('h2', { text: 'Input' }), jsonBlock(r.input)),
      el('section', {}, el('h2', { text: 'Additional metadata' }), jsonBlock(r.additionalMetadata)));
  }

  refresh();
  return {
    dispose() {
      disposed = true;
      clearTimeout(timer);
      waterfall.dispose();
    },
  };
}
