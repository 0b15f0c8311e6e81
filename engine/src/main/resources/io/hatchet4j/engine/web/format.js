// Small formatting and DOM helpers shared by the views.

/**
 * Creates an element; `props` may hold className, text, attrs {}, style {} (set through the CSSOM,
 * which the page's content security policy allows), on {event: fn}, and children.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.style) Object.assign(node.style, props.style);
  if (props.text != null) node.textContent = String(props.text);
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) if (v != null) node.setAttribute(k, String(v));
  if (props.on) for (const [k, v] of Object.entries(props.on)) node.addEventListener(k, v);
  for (const child of children.flat()) if (child != null) node.append(child);
  return node;
}

/** A duration in milliseconds as text: 850 µs, 12.3 ms, 4.56 s, 3 m 12 s. */
export function duration(ms) {
  if (ms == null || Number.isNaN(ms)) return '—';
  if (ms < 0) ms = 0;
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} m`;
}

/** An ISO time as local date and time, with milliseconds. */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Milliseconds between two ISO times, or until now when `end` is missing. */
export function between(start, end) {
  if (!start) return null;
  return (end ? Date.parse(end) : Date.now()) - Date.parse(start);
}

/** Epoch nanoseconds (a decimal string) as epoch milliseconds with a fraction. */
export function nanosToMs(text) {
  const s = String(text);
  if (s.length <= 6) return Number(s) / 1e6;
  return Number(s.slice(0, -6)) + Number(s.slice(-6)) / 1e6;
}

/** A status badge: colour plus the word, so colour is never the only signal. */
export function statusBadge(status) {
  const s = String(status || 'UNKNOWN').toUpperCase();
  return el('span', { className: `badge status-${s.toLowerCase()}`, text: s });
}

/** Pretty JSON of any value, in a scrollable block. */
export function jsonBlock(value) {
  let text;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  } catch (e) {
    text = String(value);
  }
  return el('pre', { className: 'json', text: text ?? 'null' });
}

/** A stable colour for a service name. */
export function serviceColor(name) {
  let h = 0;
  for (const c of String(name)) h = (h * 31 + c.codePointAt(0)) >>> 0;
  if (name === 'hatchet-engine') return 'hsl(215 16% 55%)';
  return `hsl(${h % 360} 62% 46%)`;
}
