// The last conversation list seen, kept in this browser so a reload without a network still opens
// the app on it (with the outbox's waiting messages). One copy, of the person signed in (and of
// the business they were answering for), rewritten as the list changes and emptied at sign-out,
// like the outbox. Nothing here is ever sent anywhere; it is only shown until the server answers.

import { state, subscribe } from './store.js';
import { objectStore } from './idb.js';

const DB_NAME = 'parley-local';
const STORE = 'copy';
const withStore = objectStore(DB_NAME, STORE);
const KEY = 'last';
const SAVE_AFTER_MS = 300;

let timer = null;
let live = false; // whether the list in state came from the server in this session
let session = null; // a tag of the session the copy belongs to (the token's tail; main.js sets it)

/** Which session copies are saved for, and which one loadCopy() accepts. */
export function setSession(tag) {
  session = tag;
}

/** Whether the list in state is the server's (then no copy should replace it). */
export const listIsTheServers = () => live;


/** The copy kept of this session here, or null: { owner, acting, me, rules, businesses, convs }. */
export async function loadCopy() {
  const copy = await withStore('readonly', (s) => s.get(KEY));
  return copy && session && copy.session === session ? copy : null;
}

function save() {
  if (!state.me || !live || !session) return Promise.resolve();
  const copy = {
    session, owner: state.me.id, acting: state.acting?.id || null, me: state.me, rules: state.rules,
    businesses: state.businesses, convs: [...state.convs.values()], saved_at: Date.now(),
  };
  return withStore('readwrite', (s) => s.put(copy, KEY));
}

/** Sign-out: the list is not left in this browser for the next person. */
export async function clearCopy() {
  live = false;
  clearTimeout(timer);
  await withStore('readwrite', (s) => s.delete(KEY));
}

// The list is kept from the first time the server's is loaded (store.loadConversations says so).
subscribe((topic, which) => {
  // A change of one's own account (settings saved, a business page made) is kept at once: a reload
  // right after it must not draw what was there before while the server's answer is on its way.
  if (topic === 'me') {
    clearTimeout(timer);
    save().catch(() => {});
    return;
  }
  if (topic !== 'convs') return;
  if (which === 'server' && !live) {
    live = true;
    // The load figures (docs/PERFORMANCE.md): when the server's list first shows (after the sidebar's redraw).
    queueMicrotask(() => {
      if (!performance.getEntriesByName('parley:list-fresh').length) performance.mark('parley:list-fresh');
    });
  }
  if (!live) return;
  clearTimeout(timer);
  timer = setTimeout(save, SAVE_AFTER_MS);
});
