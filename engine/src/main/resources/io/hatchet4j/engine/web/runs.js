// The runs list: newest first, refreshed every two seconds.
import * as api from './api.js';
import { between, duration, el, statusBadge, time } from './format.js';

const REFRESH_MS = 2000;
const MAX_ROWS = 500;

export function runsView(root, onUnauthorized) {
  const body = el('tbody');
  const status = el('p', { className: 'muted', attrs: { 'aria-live': 'polite' } });
  root.replaceChildren(
    el('h1', { text: 'Runs' }),
    status,
    el('table', { className: 'runs' },
      el('thead', {}, el('tr', {},
        ...['Status', 'Workflow', 'Run', 'Started', 'Duration', 'Tasks'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
      body));
  let timer = null;
  let disposed = false;

  async function refresh() {
    try {
      const { rows } = await api.runs();
      if (disposed) return;
      render(rows.slice(0, MAX_ROWS));
      status.textContent = rows.length === 0
        ? 'No runs yet. Trigger a workflow and it appears here.'
        : `${rows.length} run(s)${rows.length > MAX_ROWS ? `, newest ${MAX_ROWS} shown` : ''}; refreshed ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      if (e instanceof api.Unauthorized) return onUnauthorized();
      status.textContent = `Could not load runs: ${e.message}`;
    }
    if (!disposed) timer = setTimeout(refresh, REFRESH_MS);
  }

  function render(rows) {
    body.replaceChildren(...rows.map((run) => {
      const link = el('a', { text: run.id.slice(0, 8), attrs: { href: `#/runs/${run.id}`, title: run.id } });
      const failed = (run.tasks || []).filter((t) => t.status === 'FAILED').length;
      return el('tr', { attrs: { 'data-run-id': run.id } },
        el('td', {}, statusBadge(run.status)),
        el('td', {}, el('a', { text: run.workflow, attrs: { href: `#/runs/${run.id}` } })),
        el('td', { className: 'mono' }, link),
        el('td', { text: time(run.startedAt || run.createdAt) }),
        el('td', { className: 'num', text: duration(between(run.startedAt || run.createdAt, run.finishedAt)) }),
        el('td', { text: `${(run.tasks || []).length}${failed ? ` (${failed} failed)` : ''}` }));
    }));
  }

  refresh();
  return {
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
