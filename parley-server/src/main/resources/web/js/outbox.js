// Issue 21 point 4: sending never loses a message. A message typed goes into the outbox first
// (IndexedDB, so it outlives a reload) and leaves it only once the server has it. The outbox sends
// one message at a time, oldest first, each with the client_id it was given when typed, so a send
// repeated after a lost answer finds the stored message instead of making a second one.
// What happens after a failed send depends on why it failed:
//  - the network, a timeout or the server's own trouble (5xx, 408, 429) can pass: the message waits,
//    and the ones after it wait behind it (order is kept), until the connection is back (the
//    browser's `online`, the stream reconnecting, a timer) or the person presses "Retry";
//  - a refusal (blocked, request not accepted, too long…) would be refused again: the message stops
//    with the refusal's words and only "Discard" is offered; the ones after it go on.
// The outbox belongs to the person signed in (a message typed while acting for a business keeps
// that business) and is emptied at sign-out.

import { api, ApiError, enc } from './api.js';
import { actorId, changed, newClientId, onMessagePut, putMessage, state, subscribe } from './store.js';
import { objectStore } from './idb.js';

const DB_NAME = 'parley';
const STORE = 'outbox';
const withStore = objectStore(DB_NAME, STORE, { keyPath: 'client_id' });
const TIMEOUT_MS = 20000;
const MAX_WAIT_MS = 30000;

let entries = []; // the signed-in person's unsent messages, oldest first
let running = false;
let timer = null;
let attempts = 0;
let counter = 0;

/** What is kept of an entry: what it takes to send it again, and a refusal's words. */
function record(p) {
  const { client_id, owner, business, conv, text, reply_to, attachments, at, status, error } = p;
  return { client_id, owner, business, conv, text, reply_to, attachments, at,
    status: status === 'refused' ? 'refused' : 'waiting', error: status === 'refused' ? error : null };
}

const save = (p) => withStore('readwrite', (s) => s.put(record(p)));
const forget = (clientId) => withStore('readwrite', (s) => s.delete(clientId));

const networkDown = () => navigator.onLine === false;

/** The messages of a conversation not yet on the server, oldest first. */
export const pendingOf = (convId) => entries.filter((p) => p.conv === convId);

/** How many messages wait to be sent, anywhere (the header says so while offline). */
export const waitingCount = () => entries.filter((p) => p.status !== 'refused').length;

function touched(convId) {
  changed('messages', convId);
  changed('outbox');
}

/** Reads the signed-in person's outbox (at sign-in) and sends what waits in it. */
export async function loadPending() {
  const owner = state.me?.id;
  if (!owner) return;
  await adoptOlderPending(owner);
  const saved = (await withStore('readonly', (s) => s.getAll())) || [];
  if (state.me?.id !== owner) return;
  const known = new Set(entries.map((p) => p.client_id));
  const loaded = saved.filter((p) => p.owner === owner && !known.has(p.client_id))
    .map((p) => ({ ...p, status: p.status === 'refused' ? 'refused' : 'waiting' }));
  entries = [...loaded, ...entries.filter((p) => p.owner === owner)].sort((a, b) => a.at - b.at);
  new Set(entries.map((p) => p.conv)).forEach(touched);
  flush();
}

/**
 * Before the outbox, unsent messages were kept in localStorage under `parley.pending.<account>`
 * (the person's, or a business's they answered for): they move into the outbox once, so an
 * upgrade loses none of them.
 */
async function adoptOlderPending(owner) {
  const keys = Object.keys(localStorage).filter((k) => k.startsWith('parley.pending.'));
  for (const key of keys) {
    const account = key.slice('parley.pending.'.length);
    const business = account === owner ? null : state.businesses.find((b) => b.id === account)?.id;
    if (account !== owner && !business) continue;
    let saved = {};
    try { saved = JSON.parse(localStorage.getItem(key) || '{}'); } catch { saved = {}; }
    for (const [conv, list] of Object.entries(saved)) {
      for (const p of list) {
        await save({ client_id: p.client_id, owner, business: business || null, conv, text: p.text,
          reply_to: p.reply_to || null, attachments: p.attachments || [], at: Date.now() * 1000 + (counter++ % 1000),
          status: 'waiting', error: null });
      }
    }
    localStorage.removeItem(key);
  }
}

/** Sign-out: nothing typed by this person stays in this browser, or is sent after them. */
export async function clearOutbox() {
  const convs = new Set(entries.map((p) => p.conv));
  entries = [];
  clearTimeout(timer);
  attempts = 0;
  convs.forEach(touched);
  await withStore('readwrite', (s) => s.clear());
}

export function send(convId, text, replyTo, attachments = []) {
  const p = {
    client_id: newClientId(), owner: state.me.id, business: state.acting?.id || null, conv: convId, text,
    reply_to: replyTo || null, attachments, at: Date.now() * 1000 + (counter++ % 1000), status: 'waiting', error: null,
  };
  entries.push(p);
  touched(convId);
  save(p);
  return flush();
}

/** "Retry": only offered for a message that waits for the connection; sends the queue now. */
export function retry() {
  clearTimeout(timer);
  attempts = 0;
  return flush();
}

export function discard(convId, clientId) {
  entries = entries.filter((p) => p.client_id !== clientId);
  forget(clientId);
  touched(convId);
  flush(); // the messages behind it may go now
}

/** A message the server has (the answer to the send, or the stream's event first) leaves the outbox. */
onMessagePut((m) => {
  if (m.sender_id !== actorId() || !m.client_id) return;
  const i = entries.findIndex((p) => p.client_id === m.client_id && p.conv === m.conversation_id);
  if (i < 0) return;
  entries.splice(i, 1);
  forget(m.client_id);
  changed('outbox');
});

const canSend = () => Boolean(state.me) && !networkDown();
const retryable = (e) => e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429;

/** Sends what waits, oldest first, one at a time; stops at the first that must wait. */
export async function flush() {
  if (running) return;
  running = true;
  try {
    for (;;) {
      const p = entries.find((x) => x.status !== 'refused');
      if (!p || !canSend()) {
        if (p) new Set(entries.map((x) => x.conv)).forEach(touched); // "waiting" rather than "sending"
        return;
      }
      if (!await deliver(p)) return;
    }
  } finally {
    running = false;
  }
}

/** One send; answers whether the queue may go on (sent, or refused for good). */
async function deliver(p) {
  p.status = 'sending';
  p.error = null;
  touched(p.conv);
  const body = { client_id: p.client_id, text: p.text };
  if (p.reply_to) body.reply_to = p.reply_to;
  if (p.attachments?.length) body.attachments = p.attachments;
  const prefix = p.business ? `/businesses/${enc(p.business)}` : '';
  try {
    const m = await withTimeout(api.post(`${prefix}/conversations/${enc(p.conv)}/messages`, body));
    attempts = 0;
    if (!entries.includes(p)) return true; // signed out, or discarded, meanwhile
    entries = entries.filter((x) => x !== p);
    forget(p.client_id);
    putMessage(m);
    changed('outbox');
    return true;
  } catch (e) {
    if (!entries.includes(p)) return true;
    if (e instanceof ApiError && !retryable(e)) {
      p.status = 'refused';
      p.error = e.message;
      save(p);
      touched(p.conv);
      return true;
    }
    p.status = 'waiting';
    p.error = e.status === 0 ? "Can't reach the server right now."
      : e.status === 429 ? 'Sending too fast for the server.' : 'The server is having trouble.';
    touched(p.conv);
    later(e);
    return false;
  }
}

function withTimeout(promise) {
  let t;
  const late = new Promise((_, reject) => {
    t = setTimeout(() => reject(new ApiError(0, { code: 'timeout',
      detail: 'The server took too long to answer. Your message will be sent again.' })), TIMEOUT_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(t));
}

/** Tries again after a while (the server's Retry-After when it gave one), sooner if the connection comes back. */
function later(e) {
  clearTimeout(timer);
  if (networkDown()) return; // the `online` event sends
  const asked = Number(e.retryAfter) * 1000;
  const delay = asked > 0 ? asked : Math.min(MAX_WAIT_MS, 1000 * 2 ** attempts) * (0.5 + Math.random() / 2);
  attempts += 1;
  timer = setTimeout(flush, delay);
}

window.addEventListener('online', () => { attempts = 0; flush(); });
window.addEventListener('offline', () => new Set(entries.map((p) => p.conv)).forEach(touched));
// The stream reconnecting says the server is reachable again.
subscribe((topic) => { if (topic === 'connection' && state.connection === 'online') flush(); });
