// A conversation's menu for its notifications: mute it for a while or until unmuted, or unmute.
// The mute is the account's (PUT /conversations/{id}/notifications), so it holds on every device.

import { api, enc } from '../api.js';
import { h } from '../dom.js';
import { refreshConversation } from '../store.js';

const HOUR = 3600 * 1000;
const CHOICES = [
  ['For 1 hour', () => new Date(Date.now() + HOUR).toISOString()],
  ['For 8 hours', () => new Date(Date.now() + 8 * HOUR).toISOString()],
  ['Until I unmute it', () => 'forever'],
];

export const isMuted = (c) => Boolean(c?.muted_until)
  && (c.muted_until === 'forever' || Date.parse(c.muted_until) > Date.now());

export function muteMenu(c) {
  const muted = isMuted(c);
  const error = h('span', { class: 'error', role: 'alert' });
  const set = async (until) => {
    error.textContent = '';
    try {
      await api.put(`/conversations/${enc(c.id)}/notifications`, { muted_until: until });
      menu.open = false;
      await refreshConversation(c.id);
    } catch (err) {
      error.textContent = err.message;
    }
  };
  const items = muted
    ? [h('button', { type: 'button', id: 'conv-unmute', onclick: () => set(null) }, 'Unmute notifications')]
    : CHOICES.map(([label, until], i) => h('button', { type: 'button', id: `conv-mute-${i}`, onclick: () => set(until()) }, label));
  const menu = h('details', { class: 'menu', id: 'conv-menu' },
    h('summary', { class: 'button' }, muted ? 'Muted' : 'Notifications'),
    h('div', { class: 'menu-items', role: 'group', 'aria-label': muted ? 'Muted' : 'Mute notifications' },
      muted ? null : h('p', { class: 'hint' }, 'Mute notifications'), items, error));
  return menu;
}
