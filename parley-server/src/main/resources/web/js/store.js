// What the client knows: conversations, the messages loaded for each, and live signals. Events
// from /sync and the stream are applied here, idempotently (a message is keyed by its seq, a
// conversation by its id, unread counts are derived, never counted up), so whatever arrives twice
// across a reload, a replay or a reconnect changes nothing the second time.

import { act, api, enc } from './api.js';

export const state = {
  me: null, // the person signed in (GET /me)
  acting: null, // the business being answered for, or null for oneself
  businesses: [],
  rules: null,
  convs: new Map(), // id -> conversation view (with folder)
  messages: new Map(), // conversation id -> { bySeq: Map, hasMore, loading }
  online: new Set(),
  typing: new Map(), // conversation id -> Map(account id -> timer)
  people: new Map(), // account id -> { id, handle, display_name }
  connection: 'offline',
};

const listeners = new Set();

/** fn(topic, id): topics are convs, conv, messages, typing, presence, connection, me. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function changed(topic, id) {
  for (const fn of [...listeners]) fn(topic, id);
}

/** The account messages are sent as: the business when acting for one, else the person. */
export const actorId = () => state.acting?.id ?? state.me?.id;

export function reset() {
  for (const timers of state.typing.values()) timers.forEach(clearTimeout);
  state.convs.clear();
  state.messages.clear();
  state.online.clear();
  state.typing.clear();
  left.clear();
  changed('convs');
}

// --- conversations -------------------------------------------------------------------------

/** Hidden holds the requests that contained one of the person's hidden words. */
export const FOLDERS = ['inbox', 'requests', 'hidden'];
export const isRequest = (c) => c.folder === 'requests' || c.folder === 'hidden';

export async function loadConversations() {
  // Archived conversations come with folder "inbox" and archived: true (issue 21 point 7).
  const pages = await Promise.all([...FOLDERS, 'archived'].map((f) => act.get(`/conversations?folder=${f}&limit=200`)));
  state.convs.clear();
  pages.forEach((page) => page.items.forEach(putConversation));
  changed('convs', 'server'); // the list as the server has it (localCopy.js keeps it from then on)
}

/** The list last seen, from this browser's copy, shown until the server can be reached (localCopy.js). */
export function restoreConversations(convs) {
  state.convs.clear();
  convs.forEach(putConversation);
  changed('convs');
}

function putConversation(c) {
  c.members.forEach((m) => state.people.set(m.id, m));
  const serverQuiet = c.last_seq - c.read_seq - (c.unread_count ?? c.last_seq - c.read_seq);
  const known = state.convs.get(c.id);
  // A later message may have arrived while this view was being fetched.
  if (known && known.last_seq > c.last_seq) {
    c.last_seq = known.last_seq;
    c.last_message = known.last_message;
    c.updated_at = known.updated_at;
  }
  if (known) c.read_seq = Math.max(c.read_seq, known.read_seq);
  // What lies past the read pointer but is not unread (system lines, another's hidden messages),
  // as the server counted it; system lines heard later add to it (putMessage).
  c.quiet = Math.min(Math.max(0, serverQuiet), Math.max(0, c.last_seq - c.read_seq));
  // A read.updated heard while this view was being fetched is kept (where receipts still show).
  for (const m of known ? c.members : []) {
    const was = known.members.find((k) => k.id === m.id)?.read_seq;
    if (typeof m.read_seq === 'number' && typeof was === 'number') m.read_seq = Math.max(m.read_seq, was);
  }
  state.convs.set(c.id, c);
}

const fetching = new Map();
// Conversations this account left: the events around leaving (its own "left" line) still name
// them, and fetching one only answers 404.
const left = new Set();

/** Fetches one conversation again (members, folder, title); concurrent asks share one request. */
export function refreshConversation(id) {
  if (!fetching.has(id)) {
    fetching.set(id, act.get(`/conversations/${enc(id)}`)
      .then((c) => { left.delete(id); putConversation(c); changed('convs'); changed('conv', id); return c; })
      .catch((e) => {
        if (e.status === 404) forgetConversation(id);
        return null;
      })
      .finally(() => fetching.delete(id)));
  }
  return fetching.get(id);
}

export function forgetConversation(id) {
  state.convs.delete(id);
  state.messages.delete(id);
  changed('convs');
  changed('conv', id);
}

/** Deleted for me, and nothing newer arrived since (issue 21 point 7). */
export const clearedNow = (c) => c.cleared_seq != null && c.last_seq <= c.cleared_seq;

/** Unread messages; a conversation marked unread counts at least 1 until read. */
export const unread = (c) => (clearedNow(c) ? 0
  : Math.max(c.marked_unread ? 1 : 0, c.last_seq - c.read_seq - (c.quiet || 0)));

/** An ISO time as a number: the server writes a whole second as "…:34Z", so the text does not sort ("…:34Z" > "…:34.5Z"). */
const timeOf = (iso) => (iso ? Date.parse(iso) : -Infinity);

/** A folder's conversations: pinned first (newest pin first, as the server lists them), then by activity. */
export function sortedConversations(folder) {
  const archived = folder === 'archived';
  return [...state.convs.values()]
    .filter((c) => (archived ? c.folder === 'inbox' && c.archived : c.folder === folder && !c.archived) && !clearedNow(c))
    .sort((a, b) => (Number(Boolean(b.pinned)) - Number(Boolean(a.pinned)))
      || (timeOf(b.updated_at) - timeOf(a.updated_at) || 0));
}

export function otherMembers(c) {
  return c.members.filter((m) => m.id !== actorId());
}

// --- messages ------------------------------------------------------------------------------

export function messagesOf(id) {
  let m = state.messages.get(id);
  if (!m) {
    m = { bySeq: new Map(), hasMore: false, loaded: false };
    state.messages.set(id, m);
  }
  return m;
}

export function sortedMessages(id) {
  return [...messagesOf(id).bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The newest page, then older pages on demand; `before` is the oldest seq already shown. */
export async function loadHistory(id, before) {
  const q = before ? `?before=${before}&limit=50` : '?limit=50';
  const page = await act.get(`/conversations/${enc(id)}/messages${q}`);
  const box = messagesOf(id);
  page.items.forEach((m) => box.bySeq.set(m.seq, m));
  // Only the oldest page loaded so far says whether there is more before it.
  if (before || !box.loaded) box.hasMore = page.has_more;
  box.loaded = true;
  changed('messages', id);
}

const putHooks = [];

/** fn(message) hears every message put, before views redraw (the outbox drops what arrived). */
export function onMessagePut(fn) {
  putHooks.push(fn);
}

/** A message from the server (an event, or the answer to a send) takes its place. */
export function putMessage(m) {
  const box = state.messages.get(m.conversation_id);
  if (box) box.bySeq.set(m.seq, m);
  const c = state.convs.get(m.conversation_id);
  if (c) {
    // A system line ("Ann added Bob") is never unread (issue 21 point 5).
    if (m.author_kind === 'system' && m.seq > c.last_seq && m.seq > c.read_seq) c.quiet = (c.quiet || 0) + 1;
    if (m.seq >= c.last_seq) {
      c.last_seq = m.seq;
      c.last_message = m;
      if (timeOf(m.created_at) > timeOf(c.updated_at)) c.updated_at = m.created_at;
    }
    // Sending moves the sender's own read pointer on the server without an event.
    if (m.sender_id === actorId()) c.read_seq = Math.max(c.read_seq, m.seq);
  }
  putHooks.forEach((fn) => fn(m));
  stopTyping(m.conversation_id, m.sender_id);
  changed('messages', m.conversation_id);
  changed('convs');
  if (!c && !left.has(m.conversation_id)) refreshConversation(m.conversation_id);
}

// --- events --------------------------------------------------------------------------------

const eventHandlers = [];

/** Features that keep state of their own (the business inbox) hear every applied event too. */
export function onEvent(fn) {
  eventHandlers.push(fn);
}

/** Applies one event of the account's log; the caller has already dropped those seen before. */
export function applyEvent(e) {
  eventHandlers.forEach((fn) => fn(e));
  const id = e.conversation_id;
  const d = e.data || {};
  switch (e.type) {
    case 'message.created':
    case 'message.edited':
    case 'message.deleted':
      putMessage(d.message);
      // A new message brings an archived conversation back unless muted: the server decides.
      if (e.type === 'message.created' && state.convs.get(id)?.archived) refreshConversation(id);
      break;
    case 'reaction.changed':
      applyReaction(id, e.seq, d);
      break;
    case 'read.updated':
      applyRead(id, d.account_id, d.read_seq);
      break;
    case 'conversation.created':
      putConversation(d.conversation);
      changed('convs');
      changed('conv', id);
      break;
    case 'member.removed':
      if (d.account_id === actorId()) {
        left.add(id);
        forgetConversation(id);
      }
      else refreshConversation(id);
      break;
    case 'request.declined':
      if (d.account_id === actorId()) forgetConversation(id);
      break;
    case 'conversation.updated':
    case 'member.added':
    case 'request.created':
    case 'request.accepted':
      refreshConversation(id);
      break;
    default:
      break; // a newer server's event type: nothing this client shows
  }
}

function applyReaction(convId, seq, d) {
  const m = state.messages.get(convId)?.bySeq.get(seq);
  if (!m) return;
  const reactions = { ...m.reactions };
  const mine = d.account_id === actorId() ? d.added : Boolean(reactions[d.emoji]?.mine);
  if (d.count > 0) reactions[d.emoji] = { count: d.count, mine };
  else delete reactions[d.emoji];
  putMessage({ ...m, reactions });
}

function applyRead(convId, accountId, readSeq) {
  const c = state.convs.get(convId);
  if (!c) return;
  if (accountId === actorId()) {
    c.read_seq = Math.max(c.read_seq, readSeq);
    c.quiet = Math.min(c.quiet || 0, c.last_seq - c.read_seq);
  }
  const member = c.members.find((m) => m.id === accountId);
  if (member) member.read_seq = Math.max(member.read_seq ?? 0, readSeq);
  changed('conv', convId);
  changed('convs');
}

// --- typing and presence (ephemeral) -------------------------------------------------------

const TYPING_SHOWN_MS = 6000;

export function typingFrom(convId, accountId) {
  if (accountId === actorId()) return;
  let timers = state.typing.get(convId);
  if (!timers) state.typing.set(convId, (timers = new Map()));
  clearTimeout(timers.get(accountId));
  timers.set(accountId, setTimeout(() => stopTyping(convId, accountId), TYPING_SHOWN_MS));
  changed('typing', convId);
}

function stopTyping(convId, accountId) {
  const timers = state.typing.get(convId);
  if (!timers?.has(accountId)) return;
  clearTimeout(timers.get(accountId));
  timers.delete(accountId);
  changed('typing', convId);
}

export function setOnline(accountId, online) {
  if (online) state.online.add(accountId);
  else state.online.delete(accountId);
  changed('presence');
}

// --- message ids ---------------------------------------------------------------------------
// Unsent messages live in outbox.js, which hears every message put here (see onMessagePut).

export function newClientId() {
  // getRandomValues works on plain-HTTP deployments too, where randomUUID is not offered.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'web-' + [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// --- people --------------------------------------------------------------------------------

/** Someone's new name, handle or picture wherever this client shows them: people, members, lists, threads. */
export function renamed(p) {
  const fields = { display_name: p.display_name, handle: p.handle, avatar_url: p.avatar_url };
  const apply = (m) => m.id === p.id && Object.assign(m, fields);
  if (state.people.has(p.id)) apply(state.people.get(p.id));
  state.convs.forEach((c) => c.members.forEach(apply));
  changed('convs');
  state.convs.forEach((c) => changed('conv', c.id));
  state.messages.forEach((_, id) => changed('messages', id));
}

/** The stream's `profile` frame: a contact, or this account on another device, changed name or picture. */
export function profileChanged(id) {
  const mine = state.me?.id === id;
  api.get(mine ? '/me' : `/accounts/${enc(id)}`).then((p) => {
    if (mine) {
      Object.assign(state.me, p);
      changed('me');
    }
    renamed(p);
  }).catch(() => {}); // gone or hidden meanwhile: the next load shows what there is
}

/** A name for an account id: known members first, else the profile (fetched once). */
export function person(id) {
  if (state.people.has(id)) return state.people.get(id);
  if (state.acting?.id === id) return state.acting;
  if (state.me?.id === id) return state.me;
  state.people.set(id, { id, handle: '', display_name: 'Someone' });
  api.get(`/accounts/${enc(id)}`).then((p) => {
    state.people.set(id, p);
    changed('convs');
    state.messages.forEach((_, conv) => changed('messages', conv));
  }).catch(() => {});
  return state.people.get(id);
}
