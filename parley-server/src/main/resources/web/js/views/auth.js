// Sign in and sign up: one form that switches between the two.

import { api } from '../api.js';
import { h } from '../dom.js';

export function authView({ message, onSignedIn }) {
  let mode = 'in';
  const title = h('h2', { tabindex: '-1' });
  const note = h('p', { class: 'note', role: 'status' }, message || '');
  const error = h('p', { class: 'error', role: 'alert' });
  const handle = h('input', { id: 'auth-handle', name: 'handle', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false' });
  const name = h('input', { id: 'auth-name', name: 'display_name', autocomplete: 'name' });
  const password = h('input', { id: 'auth-password', name: 'password', type: 'password', required: true,
    autocomplete: 'current-password', 'aria-describedby': 'pw-hint' });
  const nameRow = h('div', { class: 'field' }, h('label', { for: 'auth-name' }, 'Display name'), name);
  const submit = h('button', { type: 'submit', class: 'primary' });
  const toggle = h('button', { type: 'button', class: 'link', onclick: () => setMode(mode === 'in' ? 'up' : 'in') });
  const hint = h('p', { class: 'hint', id: 'pw-hint' }, 'At least 12 characters.');

  function setMode(m) {
    mode = m;
    const up = m === 'up';
    title.textContent = up ? 'Create your Parley account' : 'Sign in to Parley';
    submit.textContent = up ? 'Create account' : 'Sign in';
    toggle.textContent = up ? 'I already have an account' : 'Create an account';
    nameRow.hidden = !up;
    name.required = up;
    hint.hidden = !up;
    password.autocomplete = up ? 'new-password' : 'current-password';
    error.textContent = '';
    handle.focus();
  }

  const form = h('form', { class: 'auth-form', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const body = { handle: handle.value.trim().replace(/^@/, ''), password: password.value };
      const res = mode === 'up'
        ? await api.post('/accounts', { ...body, display_name: name.value.trim() })
        : await api.post('/sessions', body);
      await onSignedIn(res);
    } catch (err) {
      // A 401 here is the server's answer to this handle and password, not a session that ended:
      // its own words say so ("Wrong handle or password – …").
      error.textContent = err.status === 401 && err.detail ? [err.title, err.detail].filter(Boolean).join(' – ') : err.message;
      submit.disabled = false;
      handle.focus();
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'auth-handle' }, 'Handle'), handle),
  nameRow,
  h('div', { class: 'field' }, h('label', { for: 'auth-password' }, 'Password'), password, hint),
  error, submit, toggle);

  setMode('in');
  const el = h('main', { class: 'auth', id: 'pane' },
    h('p', { class: 'brand' }, 'Parley'), h('section', { class: 'card' }, title, note, form));
  return { el, focus: () => handle.focus() };
}
