// The shared inbox as this client knows it while answering for a business: each conversation's
// inbox item (status, assignee, labels, triage), the notes loaded per conversation, and the team.
// The business's feed keeps it live: inbox.updated replaces an item, note.created adds a note.
// Notes and inbox events only ever reach the business's own feed, never a customer's.

import { act, enc } from './api.js';
import { changed, onEvent } from './store.js';

export const TRIAGE = ['question', 'complaint', 'praise'];

export const inbox = {
  items: new Map(), // conversation id -> inbox item
  notes: new Map(), // conversation id -> [note], oldest first
  agents: [],
};

export function putItem(item) {
  inbox.items.set(item.conversation_id, item);
  changed('inbox', item.conversation_id);
  return item;
}

export async function loadItem(id) {
  return putItem(await act.get(`/inbox/${enc(id)}`));
}

export async function loadNotes(id) {
  const page = await act.get(`/conversations/${enc(id)}/notes?limit=200`);
  inbox.notes.set(id, page.items);
  changed('notes', id);
}

export async function addNote(id, text) {
  putNote(await act.post(`/conversations/${enc(id)}/notes`, { text }));
}

function putNote(n) {
  const list = inbox.notes.get(n.conversation_id);
  if (!list) return; // not on screen: loaded when it is
  if (!list.some((x) => x.id === n.id)) list.push(n);
  changed('notes', n.conversation_id);
}

/** The team, invited people included; `inbox.agents` keeps only those who joined (the assignable ones). */
export async function loadAgents() {
  const team = (await act.get('/agents')).items;
  inbox.agents = team.filter((a) => a.status !== 'invited');
  changed('agents');
  return team;
}

export const setStatus = async (id, status) => putItem(await act.put(`/conversations/${enc(id)}/status`, { status }));
export const assign = async (id, assigneeId) => putItem(await act.put(`/conversations/${enc(id)}/assignee`,
  { assignee_id: assigneeId }));
export const setLabels = async (id, labels) => putItem(await act.put(`/conversations/${enc(id)}/labels`, { labels }));
/** Out of the open view until `until` (an ISO time), or until the customer writes; a past time wakes it. */
export const snooze = async (id, until) => putItem(await act.post(`/inbox/${enc(id)}/snooze`, { until }));

onEvent((e) => {
  if (e.type === 'inbox.updated') putItem(e.data.item);
  else if (e.type === 'note.created') putNote(e.data.note);
});

export function clearInbox() {
  inbox.items.clear();
  inbox.notes.clear();
  inbox.agents = [];
}
