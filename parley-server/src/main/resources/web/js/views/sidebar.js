// The conversation list: the inbox or the requests folder, newest activity first, each with its
// unread count, last-message preview and, for a direct conversation, an online dot.

import { h, patchList } from '../dom.js';
import { isRequest, otherMembers, sortedConversations, state, subscribe, unread } from '../store.js';
import { conversationName, initials, possessive, preview, shortTime } from '../words.js';
import { peopleSearch } from './people.js';
import { systemText } from './systemLine.js';
import { actionsButton } from './convActions.js';
import { invitationsBox } from './invitations.js';

/** @param onJoined called after a team invitation is accepted, so the shell lists the new business */
export function sidebar({ onJoined } = {}) {
  let folder = 'inbox';
  // Team invitations wait above the list, not in the pane: on a phone the list is the home screen
  // and the pane is hidden there, so an invited agent could not see or accept one.
  const invitations = state.acting ? null : invitationsBox({ onJoined });
  const list = h('ul', { class: 'conv-list', id: 'conv-list', 'aria-label': 'Inbox' });
  const empty = h('p', { class: 'empty' });
  const inboxBadge = h('span', { class: 'badge' });
  const requestsBadge = h('span', { class: 'badge' });
  const inboxTab = h('button', { type: 'button', id: 'folder-inbox', onclick: () => show('inbox') }, 'Inbox ', inboxBadge);
  const requestsTab = h('button', { type: 'button', id: 'folder-requests', onclick: () => show('requests') },
    'Requests ', requestsBadge);
  // No count on hidden requests: drawing attention to them would undo the hiding.
  const hiddenTab = h('button', { type: 'button', id: 'folder-hidden', onclick: () => show('hidden') }, 'Hidden');
  const archivedTab = h('button', { type: 'button', id: 'folder-archived', onclick: () => show('archived') }, 'Archived');
  const LABELS = { inbox: 'Inbox', requests: 'Message requests', hidden: 'Hidden requests', archived: 'Archived' };
  const EMPTY = { inbox: 'No conversations yet. Find people by name above, or start one with New message.', requests: 'No message requests.', hidden: 'No hidden requests.',
    archived: 'Nothing archived. A new message brings an archived conversation back, unless it is muted.' };
  const actionError = h('p', { class: 'error', role: 'alert' });
  const people = peopleSearch((active) => {
    list.hidden = active;
    empty.hidden = active || list.children.length > 0;
    people.results.hidden = !active;
  });
  people.results.hidden = true;
  const row = (c, prev) => item(c, prev, (text) => { actionError.textContent = text; });

  function show(f) {
    folder = f;
    render();
  }

  let openFolder = null;

  function render() {
    // Follow the open conversation to its folder when it moves (an accepted request joins the inbox).
    const open = state.convs.get(decodeURIComponent((location.hash.match(/^#\/c\/([^/]+)/) || [])[1] || ''));
    const openIn = open && (open.archived && open.folder === 'inbox' ? 'archived' : open.folder);
    if (open && openIn !== openFolder) folder = openIn;
    openFolder = openIn ?? null;
    inboxTab.setAttribute('aria-pressed', String(folder === 'inbox'));
    requestsTab.setAttribute('aria-pressed', String(folder === 'requests'));
    hiddenTab.setAttribute('aria-pressed', String(folder === 'hidden'));
    archivedTab.setAttribute('aria-pressed', String(folder === 'archived'));
    list.setAttribute('aria-label', LABELS[folder]);
    const unreadInbox = sortedConversations('inbox').filter((c) => unread(c) > 0).length;
    const requests = sortedConversations('requests').length;
    setBadge(inboxBadge, unreadInbox, 'with unread messages');
    setBadge(requestsBadge, requests, requests === 1 ? 'request' : 'requests');
    const items = sortedConversations(folder);
    empty.textContent = EMPTY[folder];
    empty.hidden = items.length > 0 || list.hidden;
    patchList(list, items, (c) => c.id, row);
    // The load figures (docs/PERFORMANCE.md) end here: the first time the list shows conversations.
    if (items.length && !performance.getEntriesByName('parley:list-ready').length) performance.mark('parley:list-ready');
  }

  const off = subscribe((topic) => {
    if (topic === 'convs' || topic === 'presence' || topic === 'conv') render();
  });
  window.addEventListener('hashchange', render);
  render();

  const title = state.acting ? `${possessive(state.acting.display_name)} conversations` : 'Conversations';
  const el = h('nav', { class: 'sidebar', 'aria-label': 'Conversations' },
    h('div', { class: 'side-head' },
      h('h2', {}, title),
      h('div', { class: 'side-actions' },
        h('a', { class: 'button', href: '#/find' }, 'New message'),
        state.acting ? null : h('a', { class: 'button', href: '#/new-group' }, 'New group'))),
    state.acting ? h('div', { class: 'side-actions biz-links' },
      h('a', { class: 'button', href: '#/inbox', id: 'open-inbox' }, 'Shared inbox'),
      h('a', { class: 'button', href: '#/saved-replies' }, 'Saved replies'),
      h('a', { class: 'button', href: '#/team' }, 'Team'),
      h('a', { class: 'button', href: '#/channels' }, 'Channels'),
      h('a', { class: 'button', href: '#/automation' }, 'Automation'),
      h('a', { class: 'button', href: '#/responsiveness' }, 'Responsiveness')) : null,
    invitations?.el,
    people.el,
    h('div', { class: 'folders', role: 'group', 'aria-label': 'Folders' }, inboxTab, requestsTab, hiddenTab, archivedTab),
    people.status, people.results, actionError, empty, list);
  return {
    el,
    destroy: () => { off(); invitations?.destroy(); window.removeEventListener('hashchange', render); },
  };
}

function setBadge(el, n, what) {
  el.textContent = n > 0 ? String(n) : '';
  el.hidden = n === 0;
  el.setAttribute('aria-label', `${n} ${what}`);
}

function item(c, prev, onError) {
  const other = c.kind === 'direct' ? otherMembers(c)[0] : null;
  const online = Boolean(other && state.online.has(other.id));
  const n = unread(c);
  const current = location.hash.startsWith(`#/c/${encodeURIComponent(c.id)}`);
  const name = conversationName(c);
  const text = preview(c, systemText);
  const sig = JSON.stringify([name, other?.handle, text, n, online, current, c.updated_at, c.pinned, c.archived,
    c.muted, c.marked_unread, c.kind]);
  if (prev && prev.dataset.sig === sig) return prev;
  const label = [name, c.pinned ? 'pinned' : null, online ? 'online' : null, c.muted ? 'muted' : null,
    n ? `${n} unread` : null].filter(Boolean).join(', ');
  const li = h('li', { 'data-sig': sig },
    h('a', { href: `#/c/${encodeURIComponent(c.id)}`, class: `conv-item${n ? ' unread' : ''}`,
      'aria-current': current ? 'page' : null, 'aria-label': `${label}. ${text}`, 'data-fk': `conv-${c.id}` },
    // The person's initials as the thread draws them; a group's from its name.
    h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(other || { display_name: name }),
      online ? h('span', { class: 'dot' }) : null),
    h('span', { class: 'conv-main' },
      h('span', { class: 'conv-name' }, name, other?.handle ? h('span', { class: 'hint' }, ` @${other.handle}`) : null),
      h('span', { class: 'conv-preview', dir: 'auto' }, text)),
    h('span', { class: 'conv-side' },
      c.updated_at ? h('time', { datetime: c.updated_at }, shortTime(c.updated_at)) : null,
      c.pinned ? h('span', { class: 'tag pin', 'aria-hidden': 'true' }, 'Pinned') : null,
      n ? h('span', { class: 'badge', 'aria-hidden': 'true' }, String(n)) : null)),
  isRequest(c) ? null : actionsButton(c, onError));
  return li;
}
