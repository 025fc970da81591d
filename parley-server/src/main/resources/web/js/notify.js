// Notifications on the web client: the tab tells the server when it is hidden (so the one
// notification decision knows the person is away), the service worker shows Web Pushes, and the
// page keeps the unread count in the tab title and the favicon and plays a soft sound. Asking for
// the browser's permission happens only from a button the person presses, never on page load.

import { api } from './api.js';
import { actorId, onEvent, state, subscribe, unread } from './store.js';
import { conversationName } from './words.js';

const SOUND = 'parley.notify.sound';
const OFFER_DISMISSED = 'parley.notify.offer-dismissed';
const DEVICE = 'parley.notify.device';
let registration = null;

// --- the service worker ----------------------------------------------------------------------

/** Registers /sw.js (no prompt: a worker alone asks nothing of the person). */
export async function registerWorker() {
  if (!('serviceWorker' in navigator)) return null;
  try {
    registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  } catch (e) {
    console.warn('service worker:', e.message);
    registration = null;
  }
  return registration;
}

let actAs = null;
/**
 * How the page switches whom it acts for (main.js; answers false when it cannot): an agent's
 * notification opens acting for the business, a person's own as themselves.
 */
export function whenOpeningAs(switcher) {
  actAs = switcher;
}

if ('serviceWorker' in navigator) {
  // A click on a notification, told by the worker: open that conversation in this tab.
  navigator.serviceWorker.addEventListener('message', async (e) => {
    if (e.data?.type === 'open' && e.data.conversation_id) {
      const as = e.data.acting_as || null;
      if (as !== (state.acting?.id || null) && actAs && !(await actAs(as))) return;
      location.hash = `#/c/${encodeURIComponent(e.data.conversation_id)}`;
    }
  });
}

/** Whether this browser is registered as the person's push device: the node then pushes while the tab is hidden. */
export const pushedHere = () => permission() === 'granted' && Boolean(localStorage.getItem(DEVICE));

function toWorker(message) {
  const w = registration?.active || navigator.serviceWorker?.controller;
  w?.postMessage(message);
}

export const supported = () => 'Notification' in window && 'serviceWorker' in navigator && 'PushManager' in window;
export const permission = () => (supported() ? Notification.permission : 'unsupported');

function keyBytes(b64url) {
  const b64 = b64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (b64url.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/**
 * Asks the browser's permission (call it from a click), subscribes with the node's VAPID key and
 * registers the subscription as this person's device. Answers what happened, in words.
 */
export async function enable() {
  if (!supported()) return { ok: false, text: "This browser can't show notifications." };
  const answer = await Notification.requestPermission();
  if (answer !== 'granted') {
    return { ok: false, text: 'Notifications are blocked. Allow them in the browser\'s site settings.' };
  }
  const reg = registration || (await registerWorker());
  if (!reg) return { ok: false, text: 'The notification worker could not start.' };
  await navigator.serviceWorker.ready;
  const { key } = await api.get('/push/vapid-public-key');
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameKey(sub, key)) {
    await sub.unsubscribe(); // the node's key changed: a subscription to the old one is dead
    sub = null;
  }
  if (!sub) sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  const device = await api.post('/me/devices', { kind: 'webpush', subscription: sub.toJSON() });
  localStorage.setItem(DEVICE, device.id);
  return { ok: true, text: 'Notifications are on for this browser.' };
}

function sameKey(sub, key) {
  const k = sub.options?.applicationServerKey;
  if (!k) return true;
  const mine = new Uint8Array(k);
  const theirs = keyBytes(key);
  return mine.length === theirs.length && mine.every((b, i) => b === theirs[i]);
}

/**
 * Shows a notification from the page itself (an agent's, see agentNotify.js), through the worker
 * so a click takes the same path as a push's; only while permission is granted.
 */
export async function showLocal(title, body, conversationId) {
  if (permission() !== 'granted' || !registration) return;
  await registration.showNotification(title, {
    body, tag: conversationId, renotify: true, icon: '/icons/icon-192.png', data: { conversation_id: conversationId },
  });
}

// --- the sound ---------------------------------------------------------------------------------

export const soundOn = () => localStorage.getItem(SOUND) !== 'off';
export const setSound = (on) => localStorage.setItem(SOUND, on ? 'on' : 'off');

let audio = null;
let lastBeep = 0;
function beep() {
  if (Date.now() - lastBeep < 2000) return; // a burst (or a catch-up after a reconnect) is one sound
  lastBeep = Date.now();
  try {
    audio = audio || new AudioContext();
    const o = audio.createOscillator();
    const g = audio.createGain();
    o.type = 'sine';
    o.frequency.value = 660;
    g.gain.setValueAtTime(0.0001, audio.currentTime);
    g.gain.exponentialRampToValueAtTime(0.08, audio.currentTime + 0.02);
    g.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.35);
    o.connect(g).connect(audio.destination);
    o.start();
    o.stop(audio.currentTime + 0.4);
  } catch {
    // No audio (a browser without WebAudio, or one that refuses without a gesture): stay silent.
  }
}

// --- unread in the title and favicon ---------------------------------------------------------

const muted = (c) => Boolean(c.muted_until) && (c.muted_until === 'forever' || Date.parse(c.muted_until) > Date.now());

/** Unread messages in the inbox, muted conversations left out. */
export function totalUnread() {
  let n = 0;
  for (const c of state.convs.values()) if (c.folder === 'inbox' && !muted(c)) n += unread(c);
  return n;
}

let shownCount = -1;
function renderCount() {
  const n = state.me ? totalUnread() : 0;
  if (n === shownCount) return;
  shownCount = n;
  document.title = n > 0 ? `(${n > 99 ? '99+' : n}) Parley` : 'Parley';
  badge(n);
}

const ICON = '/icons/icon-32.png';
const plainIcon = new Image();
plainIcon.src = ICON;

/** Draws the favicon with a red count on it (or the plain icon for none). */
function badge(n) {
  let link = document.querySelector('link[rel="icon"]');
  if (!link) link = document.head.appendChild(Object.assign(document.createElement('link'), { rel: 'icon' }));
  if (n === 0) {
    link.href = '/favicon.ico';
    link.dataset.count = '0';
    return;
  }
  const draw = () => {
    const c = document.createElement('canvas');
    c.width = 32;
    c.height = 32;
    const g = c.getContext('2d');
    g.drawImage(plainIcon, 0, 0, 32, 32);
    g.fillStyle = '#d93025';
    g.beginPath();
    g.arc(22, 10, 10, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#fff';
    g.font = 'bold 14px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(n > 9 ? '9+' : String(n), 22, 11);
    link.href = c.toDataURL('image/png');
    link.dataset.count = String(n);
  };
  if (plainIcon.complete && plainIcon.naturalWidth > 0) {
    draw();
    return;
  }
  plainIcon.onload = draw;
  // An icon that failed to load (the page started offline) is complete but broken, and drawImage
  // throws on it, inside the store's change dispatch: ask for it again and draw once it is here.
  if (plainIcon.complete) plainIcon.src = ICON;
}

// --- what the page hears -----------------------------------------------------------------------

function openConversationId() {
  const m = (location.hash || '').match(/^#\/c\/([^/]+)/);
  return m ? decodeURIComponent(m[1]) : null;
}

onEvent((e) => {
  if (!state.me) return;
  const d = e.data || {};
  if (e.type === 'message.created' && d.message && d.message.sender_id !== actorId()
      && d.message.author_kind !== 'system') {
    const c = state.convs.get(e.conversation_id);
    const looking = document.visibilityState === 'visible' && openConversationId() === e.conversation_id;
    if (soundOn() && !looking && !(c && muted(c))) beep();
  }
  // Read here or on another device: its notification has nothing more to say.
  if (e.type === 'read.updated' && d.account_id === actorId()) {
    toWorker({ type: 'read', conversation_id: e.conversation_id });
  }
});

// Groups' names, for the worker to say which conversation a push is about (a push carries only its id).
let namesTimer = null;
let namesSent = '';
function sendNames() {
  const names = {};
  for (const c of state.convs.values()) if (c.kind === 'group') names[c.id] = conversationName(c);
  const json = JSON.stringify(names);
  if (json === namesSent || !registration?.active) return;
  namesSent = json;
  toWorker({ type: 'names', names });
}

subscribe((topic) => {
  if (topic === 'convs' || topic === 'conv') {
    renderCount();
    clearTimeout(namesTimer);
    namesTimer = setTimeout(sendNames, 500);
  }
});

// --- offering notifications once there is something to be told of --------------------------

/**
 * A small offer to turn notifications on, shown in a conversation while the browser has not been
 * asked yet; null when there is nothing to offer. Pressing either button ends the offering at once,
 * before the browser's own question is answered: the offer used to come back in the next
 * conversation opened meanwhile, and again after a refusal. A refusal given in the browser's site
 * settings while it shows takes it away too; Settings → Notifications says how to allow them again.
 */
export function offer(h) {
  if (permission() !== 'default' || localStorage.getItem(OFFER_DISMISSED)) return null;
  const status = h('span', { role: 'status' });
  const buttons = [
    h('button', { type: 'button', class: 'primary', onclick: async () => {
      localStorage.setItem(OFFER_DISMISSED, '1');
      buttons.forEach((b) => b.remove());
      try {
        const answer = await enable();
        status.textContent = answer.ok ? answer.text
          : `${answer.text} Settings → Notifications says how to turn them on later.`;
      } catch (err) {
        status.textContent = err.message;
      }
    } }, 'Turn on notifications'),
    h('button', { type: 'button', class: 'link', onclick: () => {
      localStorage.setItem(OFFER_DISMISSED, '1');
      el.remove();
    } }, 'Not now'),
  ];
  const el = h('div', { class: 'notify-offer', id: 'notify-offer' },
    h('span', {}, 'Get a notification when a message arrives while Parley is in the background? '),
    buttons, status);
  navigator.permissions?.query({ name: 'notifications' }).then((p) => {
    p.addEventListener('change', () => {
      if (p.state === 'denied' && buttons[0].isConnected) el.remove();
    });
  }).catch(() => {});
  return el;
}

/** Starts with a session: the worker registered, the count shown. */
export function start() {
  namesSent = '';
  registerWorker().then(() => navigator.serviceWorker?.ready).then(sendNames).catch(() => {});
  shownCount = -1;
  renderCount();
}

/**
 * Before signing out (while the session still works): this browser stops being the person's
 * device, so the next person at this computer is not shown their notifications.
 */
export async function forget() {
  const id = localStorage.getItem(DEVICE);
  localStorage.removeItem(DEVICE);
  toWorker({ type: 'names', names: {} });
  try {
    if (id) await api.del(`/me/devices/${encodeURIComponent(id)}`);
    const sub = await registration?.pushManager.getSubscription();
    await sub?.unsubscribe();
    const shown = await registration?.getNotifications();
    shown?.forEach((n) => n.close());
  } catch {
    // Signing out goes on; a subscription left behind is removed when its push service says it is gone.
  }
}

/** Ends with a session: the title and favicon back to plain. */
export function stop() {
  shownCount = -1;
  document.title = 'Parley';
  badge(0);
}
