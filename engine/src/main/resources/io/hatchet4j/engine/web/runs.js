// The runs list: one page at a time, newest first. Every two seconds it asks the engine whether any
// run changed since the last answer (a cursor), which costs the engine an index lookup, and reloads
// the page only if one did.
import * as api from './api.js';
import { between, duration, el, statusBadge, time } from './format.js';

const REFRESH_MS = 2000;
const PAGE_SIZE = 50;
const STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];

export function runsView(root, onUnauthorized) {
  const body = el('tbody');
  const status = el('p', { className: 'muted', attrs: { 'aria-live': 'polite' } });
  const filter = el('select', { attrs: { id: 'status-filter', 'aria-label': 'Status' } },
    el('option', { text: 'All statuses', attrs: { value: '' } }),
    ...STATUSES.map((s) => el('option', { text: s, attrs: { value: s } })));
  const newer = el('button', { text: '← Newer', attrs: { type: 'button', id: 'page-newer' } });
  const older = el('button', { text: 'Older →', attrs: { type: 'button', id: 'page-older' } });
  const pageInfo = el('span', { className: 'muted', attrs: { id: 'page-info' } });
  root.replaceChildren(
    el('h1', { text: 'Runs' }),
    el('div', { className: 'pager' }, filter, newer, pageInfo, older),
    status,
    el('table', { className: 'runs' },
      el('thead', {}, el('tr', {},
        ...['Status', 'Workflow', 'Run', 'Started', 'Duration', 'Tasks'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
      body));
  let timer = null;
  let disposed = false;
  let offset = 0;
  let total = 0;
  let cursor = null;

  newer.addEventListener('click', () => { offset = Math.max(0, offset - PAGE_SIZE); reload(); });
  older.addEventListener('click', () => { offset += PAGE_SIZE; reload(); });
  filter.addEventListener('change', () => { offset = 0; reload(); });

  /** Loads the current page and takes the cursor to poll with. */
  async function load() {
    const page = await api.runs({ offset, limit: PAGE_SIZE, statuses: filter.value ? [filter.value] : [] });
    if (disposed) return;
    cursor = page.cursor;
    total = page.pagination.total;
    if (offset > 0 && offset >= total) {
      offset = Math.max(0, Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE);
      return load();
    }
    render(page.rows);
    const last = Math.min(total, offset + page.rows.length);
    pageInfo.textContent = total === 0 ? '' : `${offset + 1}–${last} of ${total}`;
    newer.disabled = offset === 0;
    older.disabled = last >= total;
    status.textContent = total === 0
      ? 'No runs yet. Trigger a workflow and it appears here.'
      : `${total} run(s); refreshed ${new Date().toLocaleTimeString()}`;
  }

  async function reload() {
    clearTimeout(timer);
    await guarded(load);
    schedule();
  }

  /** Reloads the page only when a run changed since the last answer. */
  async function poll() {
    await guarded(async () => {
      if (cursor == null) return load();
      const changed = await api.runsChangedSince(cursor);
      if (disposed) return;
      if (changed.rows.length > 0) return load();
      cursor = changed.cursor;
    });
    schedule();
  }

  async function guarded(body) {
    try {
      await body();
    } catch (e) {
      if (e instanceof api.Unauthorized) {
        disposed = true;
        onUnauthorized();
        return;
      }
      status.textContent = `Could not load runs: ${e.message}`;
    }
  }

  function schedule() {
    clearTimeout(timer);
    if (!disposed) timer = setTimeout(poll, REFRESH_MS);
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

  reload();
  return {
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
