// Notifications for a business's agents. The server's one decision tells a conversation's
// members, and in a customer conversation the member is the business, not the agent; so while an
// agent's client is open for the business (a background tab too), it tells the agent itself: a
// conversation newly assigned to them, and each new customer message in one assigned to them.
// While the tab is hidden and this browser is a push device, the node pushes the same news (its
// one decision covers agents too), so the page stays quiet rather than notify twice.
//
// "Newly assigned" is judged against this module's own record, never against inbox.items: the
// inbox panel fetches an item whenever a conversation opens, and a fetch answered after an
// assignment but before its inbox.updated is heard (the socket was down, the event is in the
// catch-up) would make the event look like no change, and the agent would never be told. The
// record holds each conversation's assignee as the business's events said, in their order, and
// for conversations no event has spoken of yet, which were the agent's as the page started
// (one look at the inbox), so a conversation that was already theirs is never news.

import { act } from './api.js';
import { pushedHere, showLocal } from './notify.js';
import { onEvent, person, state } from './store.js';
import { messageLine, nameOf } from './words.js';

const PAGE = 200;
// The look at the start reads the agent's conversations newest first; past this many, an old
// resolved one of theirs that a customer reopens counts as news, which for so old a request it is.
const START_PAGES = 10;

let record = null; // { key, assignees: Map(conversation id -> assignee id or null), atStart, decided }

function looking(conversationId) {
  return document.visibilityState === 'visible' && location.hash.startsWith(`#/c/${encodeURIComponent(conversationId)}`);
}

/** The ids of the conversations assigned to the agent now, whatever their status. */
async function mineNow() {
  const mine = new Set();
  let cursor = null;
  for (let n = 0; n < START_PAGES; n += 1) {
    const q = new URLSearchParams({ assignee: 'me', status: 'all', sort: 'newest', limit: String(PAGE) });
    if (cursor) q.set('cursor', cursor);
    const page = await act.get(`/inbox?${q}`);
    page.items.forEach((i) => mine.add(i.conversation_id));
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return mine;
}

/** The look at the start, asked again after a failure (offline): until it answers, nothing is news. */
function lookAtStart(r) {
  if (!r.atStart) {
    r.atStart = mineNow().catch((e) => {
      r.atStart = null;
      throw e;
    });
  }
  return r.atStart;
}

/** The record for the person and business the page acts as now, started afresh when either changes. */
function current() {
  const key = `${state.me.id} ${state.acting.id}`;
  if (record?.key !== key) record = { key, assignees: new Map(), atStart: null, decided: Promise.resolve() };
  lookAtStart(record);
  return record;
}

function assigneeOf(r, mineAtStart, id) {
  if (r.assignees.has(id)) return r.assignees.get(id);
  return mineAtStart?.has(id) ? state.me.id : null;
}

/** @param mineAtStart null when the look at the start failed: the record learns, nobody is told. */
function decide(e, r, mineAtStart) {
  const d = e.data || {};
  const id = e.conversation_id;
  const tell = mineAtStart && !(document.visibilityState !== 'visible' && pushedHere()) && !looking(id);
  if (e.type === 'inbox.updated' && d.item) {
    const before = assigneeOf(r, mineAtStart, id);
    const now = d.item.assignee?.id ?? null;
    r.assignees.set(id, now);
    if (tell && now === state.me.id && before !== state.me.id && d.item.status === 'open') {
      const customer = state.convs.get(id)?.members?.find((m) => m.id !== state.acting.id);
      showLocal(`New conversation for you at ${nameOf(state.acting)}`,
        customer ? `From ${nameOf(customer)}` : 'A customer is waiting', id);
    }
  }
  if (tell && e.type === 'message.created' && d.message && d.message.sender_id !== state.acting.id
      && !['system', 'automation', 'bot'].includes(d.message.author_kind)
      && assigneeOf(r, mineAtStart, id) === state.me.id) {
    showLocal(nameOf(person(d.message.sender_id)), messageLine(d.message, 200) || 'New message', id);
  }
}

// Decided one after another, in the events' order, once the look at the start has answered.
onEvent((e) => {
  if (!state.acting || !state.me || (e.type !== 'inbox.updated' && e.type !== 'message.created')) return;
  const r = current();
  const decideWith = (mineAtStart) => { if (record === r) decide(e, r, mineAtStart); };
  r.decided = r.decided.then(() => lookAtStart(r)).then(decideWith, () => decideWith(null));
});

/**
 * The page starts acting as someone (main.js): the record starts afresh, and for a business its
 * look at the start is asked now, before the session's first events are applied.
 */
export function actingChanged() {
  record = null;
  if (state.me && state.acting) current();
}
