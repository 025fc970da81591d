// What a conversation's thread shows, in time order: the messages, and for the business's agents
// its internal notes between them (as Chatwoot shows private notes), each marked as seen by the
// team only. Notes come from the business's own routes and feed, which a customer never reaches.

import { h } from '../dom.js';
import { inbox } from '../inbox.js';
import { messagesOf, sortedMessages, state } from '../store.js';
import { pendingOf } from '../outbox.js';
import { fullTime, shortTime } from '../words.js';

/**
 * The thread's entries, oldest first: sent messages by seq, the agents' notes placed by time among
 * them (a note older than the oldest message loaded waits until earlier messages are loaded), and
 * sends still in flight last. Each entry is { key, message } or { key, note }.
 */
export function threadEntries(id) {
  const msgs = sortedMessages(id);
  const notes = state.acting ? (inbox.notes.get(id) || []) : [];
  const from = messagesOf(id).hasMore && msgs.length ? at(msgs[0]) : -Infinity;
  const shown = notes.filter((n) => at(n) >= from).sort((a, b) => at(a) - at(b));
  const out = [];
  let i = 0;
  for (const m of msgs) {
    while (i < shown.length && at(shown[i]) < at(m)) out.push(noteEntry(shown[i++]));
    out.push({ key: m.id, message: m });
  }
  while (i < shown.length) out.push(noteEntry(shown[i++]));
  for (const p of pendingOf(id)) out.push({ key: `p-${p.client_id}`, message: { ...p, pending: true } });
  return out;
}

// Times are compared as instants: the server's strings may differ in their fractions of a second.
const at = (x) => Date.parse(x.created_at);
const noteEntry = (note) => ({ key: `n-${note.id}`, note });

/** One internal note in the thread: yellow, on the team's side, saying who sees it. */
export function noteItem(n, prev) {
  const sig = JSON.stringify(n);
  if (prev && prev.dataset.sig === sig) return prev;
  return h('li', { class: 'thread-note', id: `note-${n.id}`, 'data-sig': sig },
    h('div', { class: 'bubble' },
      h('p', { class: 'note-label' }, 'Note · only agents see this'),
      h('p', { class: 'text', dir: 'auto' }, n.text),
      h('p', { class: 'meta' }, n.author_name || 'Someone', ' · ',
        h('time', { datetime: n.created_at, title: fullTime(n.created_at) }, shortTime(n.created_at)))));
}
