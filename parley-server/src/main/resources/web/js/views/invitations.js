// Invitations to businesses' teams waiting for the person's answer, on the home screen: accept
// (they become an agent, and the business appears in the switcher) or decline. New invitations
// and endings arrive live on the person's stream (invitation.created, invitation.closed).
// Without a connection the box stays hidden (the header already says the app is offline) and
// asks again when the connection is back.

import { api, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { onEvent, state, subscribe } from '../store.js';
import { nameOf, nameWithHandle } from '../words.js';

const listeners = new Set();
onEvent((e) => {
  if (e.type === 'invitation.created' || e.type === 'invitation.closed') listeners.forEach((fn) => fn());
});

/** @param onJoined called after an accept, so the shell lists the new business */
export function invitationsBox({ onJoined }) {
  const list = h('ul', { class: 'results', id: 'invitation-list' });
  const error = h('p', { class: 'error', role: 'alert' });
  const el = h('section', { class: 'invitations', id: 'invitations', hidden: true, 'aria-labelledby': 'invitations-title' },
    h('h3', { id: 'invitations-title' }, 'Invitations'), list, error);

  async function answer(i, what) {
    error.textContent = '';
    try {
      await api.post(`/me/invitations/${enc(i.id)}/${what}`);
      if (what === 'accept') await onJoined?.();
      load();
    } catch (e) {
      error.textContent = e.message;
    }
  }

  async function load() {
    try {
      const items = (await api.get('/me/invitations')).items;
      error.textContent = '';
      el.hidden = items.length === 0;
      fill(list, items.map((i) => h('li', { class: 'row', 'data-invitation': i.id },
        h('span', {}, h('strong', {}, nameWithHandle(i.business)), ` invites you to answer for it as ${i.role}`,
          i.invited_by ? ` (asked by ${nameOf(i.invited_by)})` : ''),
        h('button', { type: 'button', class: 'primary', onclick: () => answer(i, 'accept') }, `Join ${nameOf(i.business)}`),
        h('button', { type: 'button', onclick: () => answer(i, 'decline') }, 'Decline'))));
    } catch (e) {
      if (e.status === 0) return; // no connection: not the invitations' trouble; asked again once back
      error.textContent = e.message;
      el.hidden = false;
    }
  }

  listeners.add(load);
  const unsubscribe = subscribe((topic) => { if (topic === 'connection' && state.connection === 'online') load(); });
  load();
  return { el, destroy: () => { listeners.delete(load); unsubscribe(); } };
}
