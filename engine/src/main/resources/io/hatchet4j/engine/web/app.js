// The page's entry point: the token, the hash router and the current view.
import * as api from './api.js';
import { el } from './format.js';
import { runsView } from './runs.js';
import { runView } from './run.js';

const app = document.getElementById('app');
const forget = document.getElementById('forget-token');
let current = null;

forget.addEventListener('click', () => {
  api.forgetToken();
  route();
});

function tokenForm(message) {
  const input = el('input', {
    attrs: { type: 'password', id: 'token-input', autocomplete: 'off', required: '', 'aria-describedby': 'token-help' },
  });
  const form = el('form', {
    className: 'card token-form',
    on: {
      submit: (event) => {
        event.preventDefault();
        api.setToken(input.value);
        route();
      },
    },
  },
  el('h1', { text: 'Engine token' }),
  message ? el('p', { className: 'error', text: message, attrs: { role: 'alert' } }) : null,
  el('p', {
    attrs: { id: 'token-help' },
    text: 'Paste the token the engine printed at start (or open the "traces:" link it printed). ' +
      'It stays in this tab only.',
  }),
  el('label', { attrs: { for: 'token-input' }, text: 'Token' }),
  input,
  el('button', { attrs: { type: 'submit' }, text: 'Open' }));
  app.replaceChildren(form);
  input.focus();
}

async function route() {
  current?.dispose?.();
  current = null;
  api.takeTokenFromFragment();
  forget.hidden = !api.token();
  if (!api.token()) {
    tokenForm();
    return;
  }
  const match = /^#\/runs\/([0-9a-fA-F-]{36})/.exec(location.hash);
  const onUnauthorized = () => {
    api.forgetToken();
    forget.hidden = true;
    tokenForm('The engine refused that token.');
  };
  current = match ? runView(app, match[1], onUnauthorized) : runsView(app, onUnauthorized);
}

window.addEventListener('hashchange', route);
route();
