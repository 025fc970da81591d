// Staying in sync. The client remembers the last event token it applied. Connecting (first time,
// after a drop, after the laptop wakes) first pulls what it missed with GET /sync?since=TOKEN,
// then opens the stream with the same token, so the server replays anything newer and goes live
// with no gap. Every event carries its token and one older than the last applied is dropped, so
// the HTTP catch-up and the stream's replay overlapping never shows a message twice.

import { act, api, ApiError } from './api.js';
import {
  applyEvent, changed, loadConversations, profileChanged, reset, setOnline, state, typingFrom,
} from './store.js';

let lastToken = null; // null until start() has this account's token: another's must never be used
let pulling = null; // start()'s pull of that token, shared with a reconnect that comes meanwhile
let socket = null;
let generation = 0; // bumps on sign-out and on switching accounts: old loops stop
let attempts = 0;
let retryTimer = null;
let held = false; // "offline" by request (the debugging hook below); no reconnecting
let started = false; // between start() and stop(): an app opened offline from its copy has not started

function setConnection(c) {
  if (state.connection === c) return;
  state.connection = c;
  changed('connection');
}

/**
 * The first pull, started by the boot as soon as a token is known, beside /me (issue 21 point 9):
 * the current token, then the conversations as they stand. The token comes first so that an event
 * between the two is replayed from it rather than missed. Answers the token's promise; start()
 * takes it over.
 */
export function prefetch() {
  const first = act.get('/sync').then(async (now) => {
    await loadConversations();
    return Number(now.next);
  });
  first.catch(() => {}); // start() reports it, or it was not needed
  return first;
}

/**
 * Starts from now: the current token, then conversations as they stand, then the stream.
 * @param early the boot's prefetch() for the same account, if it made one
 */
export async function start(early = null) {
  stop();
  started = true;
  pulling = early;
  const gen = generation;
  setConnection('connecting');
  try {
    const token = await startToken();
    if (gen !== generation) return;
    lastToken = token;
  } catch (e) {
    if (gen !== generation || e.status === 401) return;
    schedule(gen);
    return;
  }
  connect(gen);
}

/** This account's token to start from: the pull under way, or a new one after it failed. */
async function startToken() {
  pulling = pulling || prefetch();
  try {
    return await pulling;
  } catch (e) {
    pulling = null;
    throw e;
  }
}

export function stop() {
  started = false;
  generation += 1;
  // The token belongs to the account it was pulled for: after a switch to a business, a reconnect
  // (the tab shown again, the network back) before the business's own pull asked the business's
  // log from the person's token, and got 410 sync_reset.
  lastToken = null;
  pulling = null;
  clearTimeout(retryTimer);
  const s = socket;
  socket = null;
  s?.close(1000, 'bye');
  attempts = 0;
  setConnection('offline');
}

function apply(events) {
  for (const e of events) {
    const t = Number(e.token);
    if (t <= lastToken) continue;
    lastToken = t;
    applyEvent(e);
  }
}

async function catchUp(gen) {
  for (;;) {
    let page;
    try {
      page = await act.get(`/sync?since=${lastToken}&limit=500`);
    } catch (e) {
      if (e.code !== 'sync_reset') throw e;
      // Away longer than the server keeps events: start over from the current state.
      reset();
      const first = await act.get('/sync');
      lastToken = Number(first.next);
      await loadConversations();
      return;
    }
    if (gen !== generation) return;
    apply(page.events);
    if (!page.has_more) return;
  }
}

/** The browser knows the network is gone (issue 21 point 4): no socket can open, none is "Online". */
const networkDown = () => navigator.onLine === false;

async function connect(gen) {
  if (gen !== generation || held || socket) return;
  if (networkDown()) {
    setConnection('offline'); // the `online` event reconnects
    return;
  }
  setConnection('connecting');
  try {
    if (lastToken === null) {
      const token = await startToken();
      if (gen !== generation) return;
      lastToken = token;
    }
    await catchUp(gen);
    const { ticket } = await api.post('/stream/tickets');
    if (gen !== generation || held || socket) return;
    const q = new URLSearchParams({ ticket, since: String(lastToken) });
    if (state.acting) q.set('business', state.acting.id);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/api/v1/stream?${q}`);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      if (networkDown()) {
        ws.close(4000, 'offline');
        return;
      }
      setConnection('online');
      // A socket counts as visible from connect: a tab opened or reconnected in the background says so.
      if (document.visibilityState === 'hidden') ws.send(JSON.stringify({ type: 'visibility', visible: false }));
    };
    ws.onmessage = (m) => onFrame(JSON.parse(m.data));
    ws.onclose = (closed) => {
      if (socket !== ws) return;
      socket = null;
      // Presence is only known while connected; typing would go stale.
      state.online.clear();
      changed('presence');
      setConnection('offline');
      // 4401: access was revoked (a fresh ticket would be refused anyway); 4429: another device of
      // this account took this socket's place, and reconnecting would push that one out in turn.
      if (closed.code === 4401 || closed.code === 4429) return;
      schedule(gen);
    };
  } catch (e) {
    if (gen !== generation || (e instanceof ApiError && e.status === 401)) return;
    setConnection('offline');
    schedule(gen);
  }
}

function schedule(gen) {
  if (held || gen !== generation || networkDown()) return;
  clearTimeout(retryTimer);
  // Back off up to 15 s, with jitter so a restarted node is not hit by everyone at once.
  const delay = Math.min(15000, 500 * 2 ** attempts) * (0.5 + Math.random() / 2);
  attempts += 1;
  retryTimer = setTimeout(() => connect(gen), delay);
}

function reconnectNow() {
  if (held || socket || !started) return;
  clearTimeout(retryTimer);
  attempts = 0;
  connect(generation);
}

function onFrame(f) {
  switch (f.type) {
    case 'event': apply([f.event]); break;
    case 'typing': typingFrom(f.conversation_id, f.account_id); break;
    case 'presence': setOnline(f.account_id, f.online); break;
    case 'profile': profileChanged(f.account_id); break;
    case 'error': console.warn('stream:', f.problem?.detail); break;
    default: break;
  }
}

/** Sends an ephemeral frame when connected; typing and read pointers need no retry. */
export function sendFrame(frame) {
  if (socket?.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(frame));
  return true;
}

// A laptop waking or a network coming back may leave a dead socket the browser has not noticed:
// pull what was missed over HTTP now, and reconnect if the socket is gone.
window.addEventListener('online', reconnectNow);
// A network that goes away may leave the socket looking open for a long while (no packet says it
// died): the browser's word is taken at once, so the header never says "Online" during a loss.
window.addEventListener('offline', () => {
  clearTimeout(retryTimer);
  if (socket) socket.close(4000, 'offline');
  else if (state.me) setConnection('offline');
});
document.addEventListener('visibilitychange', () => {
  // The server notifies a person only while none of their sockets is visible (issue 17).
  sendFrame({ type: 'visibility', visible: document.visibilityState === 'visible' });
  if (document.visibilityState !== 'visible' || !started) return;
  if (socket) catchUp(generation).catch(() => {});
  else reconnectNow();
});

/**
 * For trying the client by hand and for the browser tests: goOffline() closes the socket and
 * holds reconnecting, as if the network were gone; goOnline() lets the client reconnect and
 * catch up exactly as it does after a real drop.
 */
window.parley = {
  goOffline() {
    held = true;
    clearTimeout(retryTimer);
    socket?.close(4000, 'offline');
  },
  goOnline() {
    held = false;
    reconnectNow();
  },
  get connection() { return state.connection; },
};
