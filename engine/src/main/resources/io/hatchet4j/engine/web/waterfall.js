// The trace waterfall: a virtualized tree of span rows on a shared time axis, and a side panel
// with the selected span's details.
//
// Only the rows in view (plus a few) exist in the DOM, recycled while scrolling, so a trace of
// tens of thousands of spans scrolls as smoothly as one of ten. The tree and the positions of all
// bars are computed once per change of data or of the collapsed set.
import { duration, el, nanosToMs, serviceColor } from './format.js';

const ROW_HEIGHT = 26;
const OVERSCAN = 12;
const MAX_HEIGHT = 600;
const KIND = { PRODUCER: 'prod', CONSUMER: 'cons', CLIENT: 'client', SERVER: 'server', INTERNAL: 'int' };

export class Waterfall {
  /** Draws into `container`; the selected span's details go into `panel`. */
  constructor(container, panel) {
    this.container = container;
    this.panel = panel;
    this.collapsed = new Set();
    this.selectedId = null;
    this.rows = [];
    this.pool = [];
    this.tree = null;
    this.root = null;

    this.legend = el('div', { className: 'legend', attrs: { 'aria-label': 'Services' } });
    this.axis = el('div', { className: 'axis', attrs: { 'aria-hidden': 'true' } });
    this.spacer = el('div', { className: 'spacer' });
    this.viewport = el('div', {
      className: 'viewport',
      attrs: { role: 'tree', tabindex: '0', 'aria-label': 'Trace spans', 'aria-multiselectable': 'false' },
      on: {
        scroll: () => this.schedule(),
        keydown: (e) => this.onKey(e),
        click: (e) => this.onClick(e),
      },
    }, this.spacer);
    container.replaceChildren(this.legend, this.axis, this.viewport);
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(this.viewport);
  }

  dispose() {
    this.resizeObserver.disconnect();
  }

  /** Shows a tree (from buildTree) starting at `root` (a node) or at all roots. */
  show(tree, root) {
    this.tree = tree;
    this.root = root;
    const roots = root ? [root] : tree.roots;
    let start = Infinity;
    let end = -Infinity;
    const visit = [...roots];
    const services = new Map();
    while (visit.length) {
      const n = visit.pop();
      start = Math.min(start, n.effStart);
      end = Math.max(end, n.effEnd);
      services.set(n.span.serviceName, (services.get(n.span.serviceName) || 0) + 1);
      visit.push(...n.children);
    }
    this.t0 = Number.isFinite(start) ? start : 0;
    this.span = Math.max(end - this.t0, 0.001);
    this.legend.replaceChildren(...[...services].sort((a, b) => b[1] - a[1]).map(([name, count]) =>
      el('span', { className: 'service' },
        el('span', { className: 'swatch', style: { background: serviceColor(name) } }),
        `${name} (${count})`)));
    this.renderAxis();
    this.flatten();
    if (this.selectedId && !this.tree.byId.has(this.selectedId)) this.selectedId = null;
    this.schedule();
    this.renderPanel();
  }

  /** The visible rows in display order, skipping collapsed subtrees. */
  flatten() {
    const rows = [];
    const roots = this.root ? [this.root] : this.tree.roots;
    const stack = [...roots].reverse();
    const baseDepth = this.root ? this.root.depth : 0;
    while (stack.length) {
      const n = stack.pop();
      rows.push(n);
      n.viewDepth = n.depth - baseDepth;
      if (!this.collapsed.has(n.id)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    this.rows = rows;
    this.index = new Map(rows.map((n, i) => [n.id, i]));
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    // Small traces take the room they need; large ones scroll in a fixed window.
    this.viewport.style.height = `${Math.min(MAX_HEIGHT, Math.max(4, rows.length) * ROW_HEIGHT + 2)}px`;
  }

  renderAxis() {
    const ticks = [];
    for (let i = 0; i <= 4; i++) {
      ticks.push(el('span', { className: 'tick', text: duration((this.span * i) / 4), style: { left: `${i * 25}%` } }));
    }
    this.axis.replaceChildren(el('div', { className: 'axis-name', text: 'Span' }), el('div', { className: 'axis-time' }, ...ticks));
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.render();
    });
  }

  /** Fills the pooled row elements with the rows in view. */
  render() {
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const needed = last - first;
    while (this.pool.length < needed) {
      const row = this.makeRow();
      this.pool.push(row);
      this.spacer.append(row.element);
    }
    for (let i = 0; i < this.pool.length; i++) {
      const row = this.pool[i];
      if (i < needed) this.fill(row, this.rows[first + i], first + i);
      else row.element.hidden = true;
    }
    const selected = this.selectedId ? `row-${this.selectedId}` : null;
    if (selected && document.getElementById(selected)) this.viewport.setAttribute('aria-activedescendant', selected);
    else this.viewport.removeAttribute('aria-activedescendant');
  }

  makeRow() {
    const toggle = el('span', { className: 'toggle', attrs: { 'aria-hidden': 'true' } });
    const name = el('span', { className: 'name' });
    const detail = el('span', { className: 'detail' });
    const service = el('span', { className: 'svc' });
    const kind = el('span', { className: 'kind' });
    const label = el('div', { className: 'label' }, toggle, name, detail, kind, service);
    const queued = el('div', { className: 'bar queued' });
    const bar = el('div', { className: 'bar' });
    const dur = el('span', { className: 'dur' });
    const track = el('div', { className: 'track' }, queued, bar, dur);
    const element = el('div', { className: 'row', attrs: { role: 'treeitem' } }, label, track);
    return { element, toggle, name, detail, service, kind, queued, bar, dur, label };
  }

  fill(row, n, index) {
    const s = n.span;
    const e = row.element;
    e.hidden = false;
    e.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    e.id = `row-${n.id}`;
    e.dataset.spanId = n.id;
    e.dataset.spanName = s.spanName;
    e.dataset.depth = String(n.viewDepth);
    const ancestors = [];
    for (let p = n.parent; p && p !== this.root?.parent; p = p.parent) ancestors.push(p.id);
    e.dataset.ancestors = ancestors.join(' ');
    e.setAttribute('aria-level', String(n.viewDepth + 1));
    e.setAttribute('aria-selected', String(n.id === this.selectedId));
    if (n.children.length) e.setAttribute('aria-expanded', String(!this.collapsed.has(n.id)));
    else e.removeAttribute('aria-expanded');
    e.classList.toggle('selected', n.id === this.selectedId);
    e.classList.toggle('error', n.error);
    e.classList.toggle('engine', s.spanAttributes?.['hatchet.span_source'] === 'engine');
    row.label.style.paddingLeft = `${6 + n.viewDepth * 14}px`;
    row.toggle.textContent = n.children.length ? (this.collapsed.has(n.id) ? '▸' : '▾') : '';
    row.name.textContent = s.spanName || '(no name)';
    row.name.title = s.spanName;
    row.detail.textContent = detailOf(s);
    row.service.textContent = s.serviceName;
    row.service.style.borderColor = serviceColor(s.serviceName);
    row.kind.textContent = KIND[s.spanKind] || '';
    const color = serviceColor(s.serviceName);
    // An instant that contains spans (the engine's run root) is drawn across what it contains.
    const extent = n.end === n.start && n.effEnd > n.effStart;
    const from = extent ? n.effStart : n.start;
    const to = extent ? n.effEnd : n.end;
    const left = ((from - this.t0) / this.span) * 100;
    const width = ((to - from) / this.span) * 100;
    row.bar.style.left = `${left}%`;
    row.bar.style.width = `max(${width}%, 2px)`;
    row.bar.style.background = n.error ? 'var(--error)' : color;
    row.bar.classList.toggle('extent', extent);
    if (n.queued) {
      row.queued.hidden = false;
      row.queued.style.left = `${((n.queued.start - this.t0) / this.span) * 100}%`;
      row.queued.style.width = `${((n.queued.end - n.queued.start) / this.span) * 100}%`;
    } else {
      row.queued.hidden = true;
    }
    const status = s.statusCode === 'ERROR' || n.error ? 'error' : s.statusCode === 'OK' ? 'ok' : 'unset';
    row.dur.textContent = `${duration(to - from)}${status === 'error' ? ' ✗ error' : ''}`;
    // The label goes right of the bar; near the right edge, inside a wide bar or left of a short one.
    const inside = left + width > 80 && width > 12 && !extent;
    row.dur.classList.toggle('inside', inside);
    if (inside) {
      row.dur.style.left = '';
      row.dur.style.right = `calc(${100 - left - width}% + 4px)`;
    } else if (left + width > 80) {
      row.dur.style.left = '';
      row.dur.style.right = `calc(${100 - left}% + 4px)`;
    } else {
      row.dur.style.right = '';
      row.dur.style.left = `calc(${left + width}% + 4px)`;
    }
    e.title = `${s.spanName} — ${s.serviceName}, ${s.spanKind.toLowerCase()}, ${status}` +
      (n.queued ? `, queued ${duration(n.queued.end - n.queued.start)}` : '');
  }

  onClick(event) {
    const rowEl = event.target.closest('.row');
    if (!rowEl) return;
    const n = this.tree.byId.get(rowEl.dataset.spanId);
    if (!n) return;
    if (event.target.closest('.toggle') && n.children.length) this.toggle(n);
    this.select(n);
    this.viewport.focus({ preventScroll: true });
  }

  toggle(n) {
    if (this.collapsed.has(n.id)) this.collapsed.delete(n.id);
    else this.collapsed.add(n.id);
    this.flatten();
    this.schedule();
  }

  select(n) {
    this.selectedId = n?.id ?? null;
    if (n) {
      const i = this.index.get(n.id);
      const top = i * ROW_HEIGHT;
      if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
      else if (top + ROW_HEIGHT > this.viewport.scrollTop + this.viewport.clientHeight) {
        this.viewport.scrollTop = top + ROW_HEIGHT - this.viewport.clientHeight;
      }
    }
    this.schedule();
    this.renderPanel();
  }

  onKey(event) {
    if (!this.rows.length) return;
    const i = this.selectedId ? this.index.get(this.selectedId) ?? 0 : -1;
    const n = i >= 0 ? this.rows[i] : null;
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const go = (j) => this.select(this.rows[Math.max(0, Math.min(this.rows.length - 1, j))]);
    switch (event.key) {
      case 'ArrowDown': go(i + 1); break;
      case 'ArrowUp': go(i - 1); break;
      case 'PageDown': go(i + page); break;
      case 'PageUp': go(i - page); break;
      case 'Home': go(0); break;
      case 'End': go(this.rows.length - 1); break;
      case 'ArrowRight':
        if (n && n.children.length && this.collapsed.has(n.id)) this.toggle(n);
        else if (n && n.children.length) go(i + 1);
        break;
      case 'ArrowLeft':
        if (n && n.children.length && !this.collapsed.has(n.id)) this.toggle(n);
        else if (n?.parent && this.index.has(n.parent.id)) this.select(n.parent);
        break;
      case 'Enter':
      case ' ':
        if (n && n.children.length) this.toggle(n);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  renderPanel() {
    const n = this.selectedId ? this.tree.byId.get(this.selectedId) : null;
    if (!n) {
      this.panel.replaceChildren(el('p', { className: 'muted', text: 'Select a span to see its attributes, events, links and resource.' }));
      return;
    }
    const s = n.span;
    const facts = [
      ['Service', s.serviceName],
      ['Kind', s.spanKind],
      ['Status', s.statusCode + (s.statusMessage ? `: ${s.statusMessage}` : '')],
      ['Start', `+${duration(n.start - this.t0)}`],
      ['Duration', duration(n.end - n.start)],
      ['Trace id', s.traceId],
      ['Span id', s.spanId],
      ['Parent span id', s.parentSpanId || '—'],
      ['Scope', `${s.scopeName || ''}${s.scopeVersion ? ` ${s.scopeVersion}` : ''}`],
    ];
    if (n.queued) facts.splice(4, 0, ['Queued', duration(n.queued.end - n.queued.start)]);
    if (n.engine) {
      facts.push(['Engine view', `${n.engine.statusCode}${n.engine.statusMessage ? `: ${n.engine.statusMessage}` : ''}, ` +
        `${duration(Number(n.engine.durationNs) / 1e6)}`]);
    }
    const sections = [
      el('h2', { className: n.error ? 'error' : '', text: s.spanName || '(no name)' }),
      dl(facts),
      section('Attributes', attributes(s.spanAttributes, 'hatchet.')),
      section('Events', (s.events || []).length ? el('ol', { className: 'events' }, ...s.events.map((ev) =>
        el('li', {}, el('strong', { text: ev.name }), ` at +${duration(nanosToMs(ev.timeUnixNano) - this.t0)}`,
          attributes(ev.attributes))))
        : el('p', { className: 'muted', text: 'none' })),
      section('Links', (s.links || []).length ? el('ul', {}, ...s.links.map((l) =>
        el('li', { className: 'mono', text: `${l.traceId} / ${l.spanId}` }, attributes(l.attributes))))
        : el('p', { className: 'muted', text: 'none' })),
      section('Resource', attributes(s.resourceAttributes)),
    ];
    this.panel.replaceChildren(...sections);
  }
}

/** What a Hatchet span is about, shown beside its name: the task, workflow or event key. */
function detailOf(span) {
  const a = span.spanAttributes || {};
  const retry = Number(a['hatchet.retry_count'] || 0);
  const task = a['hatchet.step_name'] || a['hatchet.task_name'];
  if (task && /^hatchet\.(engine\.)?(start_step_run|queued)/.test(span.spanName)) {
    return retry > 0 ? `${task} (retry ${retry})` : task;
  }
  if (a['hatchet.workflow_name'] && /^hatchet\.(engine\.workflow_run|run_workflow|schedule_workflow)/.test(span.spanName)) {
    return a['hatchet.workflow_name'];
  }
  if (a['hatchet.event_key'] && span.spanName.startsWith('hatchet.')) return a['hatchet.event_key'];
  return '';
}

function section(title, content) {
  return el('section', {}, el('h3', { text: title }), content);
}

function dl(pairs) {
  return el('dl', { className: 'facts' }, ...pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}

/** An attribute table; keys starting with `first` are listed first and highlighted. */
function attributes(map, first) {
  const entries = Object.entries(map || {});
  if (!entries.length) return el('p', { className: 'muted', text: 'none' });
  entries.sort(([a], [b]) => {
    const fa = first && a.startsWith(first);
    const fb = first && b.startsWith(first);
    return fa === fb ? a.localeCompare(b) : fa ? -1 : 1;
  });
  return el('table', { className: 'attrs' }, el('tbody', {}, ...entries.map(([k, v]) =>
    el('tr', { className: first && k.startsWith(first) ? 'hatchet' : '', attrs: { 'data-key': k } },
      el('th', { text: k, attrs: { scope: 'row' } }), el('td', { text: v })))));
}
