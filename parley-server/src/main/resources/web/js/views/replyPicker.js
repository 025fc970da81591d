// The saved-reply picker, for a business's agents: type "/" and a shortcut in the message box,
// pick a reply (arrows and Enter, or a click), see it as this customer will get it, and send it.
// A reply that needs a value this customer lacks (a first name, with no fallback) shows the
// server's explanation instead of a preview, and cannot be sent.

import { act, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { newClientId, putMessage } from '../store.js';

export function replyPicker(convId, input) {
  const list = h('ul', { class: 'picker', id: 'reply-picker', role: 'listbox', 'aria-label': 'Saved replies', hidden: true });
  const preview = h('div', { class: 'reply-preview', id: 'reply-preview', hidden: true });
  const error = h('p', { class: 'error', role: 'alert' });
  let items = [];
  let active = 0;
  let ready = null; // the reply whose preview rendered, ready to send
  let asked = 0;

  input.setAttribute('aria-controls', 'reply-picker');
  input.addEventListener('input', async () => {
    const m = input.value.match(/^\/([A-Za-z0-9_-]*)$/);
    if (!m) {
      close();
      return;
    }
    const mine = ++asked;
    try {
      const page = await act.get(`/saved-replies?q=${enc(m[1].toLowerCase())}&limit=8`);
      if (mine !== asked) return;
      items = page.items;
      active = 0;
      ready = null;
      preview.hidden = true;
      renderList();
    } catch (e) {
      error.textContent = e.message;
    }
  });

  function renderList() {
    list.hidden = items.length === 0;
    fill(list, items.map((r, i) => h('li', { role: 'option', id: `reply-${r.shortcut}`, 'aria-selected': String(i === active),
      onmousedown: (e) => e.preventDefault(), onclick: () => choose(r) },
    h('strong', {}, `/${r.shortcut}`), ' ', r.title)));
    input.setAttribute('aria-activedescendant', items[active] ? `reply-${items[active].shortcut}` : '');
  }

  async function choose(r) {
    list.hidden = true;
    error.textContent = '';
    ready = null;
    try {
      const p = await act.get(`/saved-replies/${enc(r.id)}/preview?conversation_id=${enc(convId)}`);
      ready = r;
      show(r, h('p', { class: 'preview-text', id: 'reply-preview-text' }, p.text));
    } catch (e) {
      show(r, h('p', { class: 'error', id: 'reply-preview-error', role: 'alert' }, e.message));
    }
  }

  function show(r, body) {
    preview.hidden = false;
    fill(preview, h('p', { class: 'hint' }, `Saved reply /${r.shortcut} · ${r.title}`), body,
      h('div', { class: 'row' },
        ready ? h('button', { type: 'button', class: 'primary', id: 'send-saved', onclick: () => send(r) }, 'Send this reply') : null,
        h('button', { type: 'button', onclick: () => { input.value = ''; close(); input.focus(); } }, 'Cancel')));
  }

  async function send(r) {
    error.textContent = '';
    try {
      putMessage(await act.post(`/conversations/${enc(convId)}/messages`, { client_id: newClientId(), saved_reply_id: r.id }));
      input.value = '';
      close();
      input.focus();
    } catch (e) {
      error.textContent = e.message;
    }
  }

  function close() {
    items = [];
    ready = null;
    list.hidden = true;
    preview.hidden = true;
    input.removeAttribute('aria-activedescendant');
  }

  /** Keys go to the picker while it is open: arrows move, Enter picks (or sends the previewed reply), Escape closes. */
  function intercept(e) {
    if (!list.hidden && items.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
        renderList();
        return true;
      }
      if (e.key === 'Enter') {
        choose(items[active]);
        return true;
      }
    }
    if (!preview.hidden && e.key === 'Enter' && !e.shiftKey) {
      if (ready) send(ready);
      return true;
    }
    if ((!list.hidden || !preview.hidden) && e.key === 'Escape') {
      close();
      return true;
    }
    return false;
  }

  return { el: h('div', { class: 'picker-box' }, list, preview, error), intercept };
}
