// Issue 21 point 7: what a person does to a conversation for themself (PATCH /conversations/{id}/me:
// pin, archive, mark as unread, delete for me), mute, and leaving a group, from a menu on each
// conversation in the list. Other devices follow through the account's own events.

import { act, enc } from '../api.js';
import { h } from '../dom.js';
import { actorId, forgetConversation, refreshConversation, state, unread } from '../store.js';
import { conversationName } from '../words.js';

let openMenu = null;

function closeMenu(focusButton) {
  if (!openMenu) return;
  const { menu, button } = openMenu;
  openMenu = null;
  menu.remove();
  button.setAttribute('aria-expanded', 'false');
  if (focusButton) button.focus();
}

document.addEventListener('click', (e) => {
  if (openMenu && !openMenu.menu.contains(e.target) && e.target !== openMenu.button) closeMenu(false);
});

/** The server's view after a change replaces ours; "delete for me" also drops the messages held. */
async function change(c, body) {
  const view = await act.patch(`/conversations/${enc(c.id)}/me`, body);
  if (body.deleted) {
    state.messages.delete(c.id);
    if (location.hash.startsWith(`#/c/${enc(c.id)}`)) location.hash = '#/';
  }
  await refreshConversation(view.id);
}

/** The actions on one conversation, as [label, run] pairs, worded for its state now. */
export function actionsFor(c) {
  const group = c.kind === 'group';
  const name = conversationName(c);
  const list = [
    [c.pinned ? 'Unpin' : 'Pin', () => change(c, { pinned: !c.pinned })],
    unread(c) > 0
      ? ['Mark as read', async () => {
        await act.post(`/conversations/${enc(c.id)}/read`, { seq: c.last_seq });
        await refreshConversation(c.id);
      }]
      : (c.last_seq > (c.cleared_seq || 0) ? ['Mark as unread', () => change(c, { unread: true })] : null),
    [c.archived ? 'Unarchive' : 'Archive', () => change(c, { archived: !c.archived })],
    [c.muted ? 'Unmute' : 'Mute', async () => {
      await act.put(`/conversations/${enc(c.id)}/notifications`, { muted_until: c.muted ? null : 'forever' });
      await refreshConversation(c.id);
    }],
    group && !state.acting ? ['Leave group', async () => {
      if (!confirm(`Leave “${name}”? You won't get its messages any more.`)) return;
      await act.del(`/conversations/${enc(c.id)}/members/${enc(actorId())}`);
      forgetConversation(c.id);
      if (location.hash.startsWith(`#/c/${enc(c.id)}`)) location.hash = '#/';
    }] : null,
    ['Delete for me', async () => {
      if (!confirm(`Delete “${name}” for you? Its messages up to now go from your devices; the others keep theirs.`)) return;
      await change(c, { deleted: true });
    }],
  ];
  return list.filter(Boolean);
}

/** The "⋯" button that opens a conversation's menu (arrow keys move, Escape closes). */
export function actionsButton(c, onError) {
  const button = h('button', { type: 'button', class: 'conv-more', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    'aria-label': `Actions for ${conversationName(c)}`, 'data-fk': `more-${c.id}` }, '⋯');
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    const wasMine = openMenu?.button === button;
    closeMenu(false);
    if (wasMine) return;
    const items = actionsFor(c).map(([label, run]) => h('button', { type: 'button', role: 'menuitem', onclick: async () => {
      closeMenu(true);
      try {
        await run();
      } catch (err) {
        onError(err.message);
      }
    } }, label));
    const menu = h('div', { class: 'conv-menu', role: 'menu', 'aria-label': `Actions for ${conversationName(c)}` }, items);
    menu.addEventListener('keydown', (ev) => {
      const i = items.indexOf(document.activeElement);
      if (ev.key === 'Escape') closeMenu(true);
      else if (ev.key === 'ArrowDown') items[(i + 1) % items.length].focus();
      else if (ev.key === 'ArrowUp') items[(i - 1 + items.length) % items.length].focus();
      else return;
      ev.preventDefault();
    });
    button.after(menu);
    button.setAttribute('aria-expanded', 'true');
    openMenu = { menu, button };
    items[0].focus();
  });
  return button;
}
