// The engine's REST API as the page uses it, and the token it authenticates with.
//
// The token comes once from the URL fragment (#token=..., which the engine prints at start and
// which is never sent to a server) or from a form, and is kept in sessionStorage: it lives as long
// as the tab and is sent only as an Authorization header to this engine.

const KEY = 'hatchet4j.token';

/** Takes `#token=...` (optionally `&run=<run id>` to open that run) out of the address. */
export function takeTokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
  const run = /(?:^#|&)run=([0-9a-fA-F-]{36})/.exec(location.hash);
  history.replaceState(null, '', `${location.pathname}${location.search}#/${run ? `runs/${run[1]}` : ''}`);
}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  sessionStorage.setItem(KEY, value.trim());
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

/** Thrown when the engine refuses the token. */
export class Unauthorized extends Error {}

export async function get(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` }, cache: 'no-store' });
  if (response.status === 401) throw new Unauthorized('the engine refused the token');
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = body?.errors?.[0]?.description ?? response.statusText;
    const error = new Error(`${response.status}: ${detail}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** One page of runs, newest first: `{rows, pagination: {offset, limit, total}, cursor}`. */
export const runs = ({ offset = 0, limit = 50, statuses = [] } = {}) => {
  const query = new URLSearchParams({ offset: String(offset), limit: String(limit) });
  for (const status of statuses) query.append('statuses', status);
  return get(`/api/v1/hatchet4j/runs?${query}`);
};
/** Runs changed since a cursor of an earlier answer (at most `limit`): `{rows, cursor}`. */
export const runsChangedSince = (cursor, limit = 1) =>
  get(`/api/v1/hatchet4j/runs?changed_since=${encodeURIComponent(cursor)}&limit=${limit}`);
export const run = (id) => get(`/api/v1/hatchet4j/runs/${encodeURIComponent(id)}`);
export const runTrace = (id) => get(`/api/v1/hatchet4j/runs/${encodeURIComponent(id)}/trace`);
