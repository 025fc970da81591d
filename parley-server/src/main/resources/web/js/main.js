// The app shell: signs in from a saved token, lays out header, conversation list and the pane,
// and routes #/… addresses to views. Each view is { el, focus?, destroy? }.

import { api, setActing, setToken, whenUnauthorized } from './api.js';
import { h } from './dom.js';
import { changed, reset, restoreConversations, state, subscribe } from './store.js';
import { clearOutbox, loadPending } from './outbox.js';
import { clearCopy, listIsTheServers, loadCopy, setSession } from './localCopy.js';
import * as sync from './sync.js';
import { authView } from './views/auth.js';
import { header } from './views/header.js';
import { sidebar } from './views/sidebar.js';
import { clearInbox } from './inbox.js';
import * as notify from './notify.js';
import { actingChanged } from './agentNotify.js';
import './shortcuts.js'; // issue 21 point 7: Alt+↑/↓, Ctrl+K, ↑ to edit, R to reply, ? for the sheet
import './backNav.js'; // issue 21 point 8: the header's ← goes back in history when it can

// Issue 21 point 9: the views a route opens are imported when first opened, not at boot, so a
// load evaluates only what the conversation list needs (the node preloads only static imports).
const TOKEN = 'parley.token';
const ACTING = 'parley.acting';
const app = document.getElementById('app');
let current = null;
let pane = null;
let shellParts = [];

const routes = [
  [/^#\/c\/([^/]+)\/members$/, (id) => import('./views/group.js').then((v) => v.membersView(id))],
  [/^#\/c\/([^/]+)(?:\/m\/(\d+))?$/, (id, seq) => import('./views/conversation.js')
    .then((v) => v.conversationView(id, seq ? Number(seq) : null))],
  [/^#\/p\/([^/]+)$/, (handle) => import('./views/profile.js').then((v) => v.profileView(handle))],
  [/^#\/new\/([^/]+)$/, (handle) => (state.acting ? null
    : import('./views/draft.js').then((v) => v.draftView(decodeURIComponent(handle))))],
  [/^#\/find$/, () => import('./views/profile.js').then((v) => v.findView())],
  [/^#\/new-group$/, () => import('./views/group.js').then((v) => v.newGroupView())],
  [/^#\/settings$/, () => import('./views/settings.js').then((v) => v.settingsView({ onBusinessCreated: refreshBusinesses }))],
  [/^#\/search\/(.+)$/, (q) => import('./views/search.js').then((v) => v.searchView(q))],
  [/^#\/inbox$/, () => (state.acting ? import('./views/inbox.js').then((v) => v.inboxView()) : null)],
  [/^#\/saved-replies$/, () => (state.acting ? import('./views/savedReplies.js').then((v) => v.savedRepliesView()) : null)],
  [/^#\/team$/, () => (state.acting ? import('./views/team.js').then((v) => v.teamView()) : null)],
  [/^#\/channels(?:\?(.*))?$/, (q) => (state.acting ? import('./views/channels.js').then((v) => v.channelsView(q)) : null)],
  [/^#\/automation$/, () => (state.acting ? import('./views/automation.js').then((v) => v.automationView()) : null)],
  [/^#\/responsiveness$/, () => (state.acting
    ? import('./views/responsiveness.js').then((v) => v.responsivenessView()) : null)],
  [/^#\/moderation$/, () => (state.acting ? null : import('./views/moderation.js').then((v) => v.moderationView()))],
];

function welcomeView() {
  const title = h('h2', { tabindex: '-1' }, state.acting ? `Answering as ${state.acting.display_name}` : 'Welcome');
  return {
    el: h('section', { class: 'welcome' }, title,
      h('p', {}, 'Pick a conversation, or start one: ', h('a', { href: '#/find' }, 'find someone by name or handle'),
        state.acting ? '.' : [' or ', h('a', { href: '#/new-group' }, 'make a group'), '.'])),
    focus: () => title.focus(),
  };
}

/** A screen whose code could not be loaded (offline, before this build was kept for offline use). */
function unloadedView(error) {
  const title = h('h2', { tabindex: '-1' }, "This screen can't open right now");
  return {
    el: h('section', { class: 'welcome' }, title, h('p', { role: 'alert' },
      navigator.onLine === false ? "You're offline. It opens once the network is back." : error.message)),
    focus: () => title.focus(),
  };
}

let routing = 0; // the newest route() wins when a view's code arrives after the next hash change

async function route() {
  if (!pane) return;
  const ticket = ++routing;
  const hash = location.hash || '#/';
  let view = null;
  for (const [re, make] of routes) {
    const m = hash.match(re);
    if (m) {
      try {
        view = await make(...m.slice(1).map((x) => (x === undefined ? x : decodeURIComponent(x))));
      } catch (e) {
        view = unloadedView(e);
      }
      break;
    }
  }
  if (ticket !== routing || !pane) {
    view?.destroy?.();
    return;
  }
  current?.destroy?.();
  current = view || welcomeView();
  document.body.classList.toggle('pane-open', Boolean(view));
  pane.replaceChildren(current.el);
  // The new screen takes the focus, so keyboard users land where they meant to go.
  (current.focus || (() => pane.focus()))();
}

function showAuth(message) {
  shellParts.forEach((p) => p.destroy?.());
  shellParts = [];
  current?.destroy?.();
  current = null;
  pane = null;
  document.body.classList.remove('pane-open');
  const view = authView({ message, onSignedIn: signedIn });
  app.replaceChildren(view.el);
  view.focus();
}

/**
 * Shows the app for a signed-in person. The boot passes the calls it already started beside
 * /me (rules, businesses, and sync.prefetch() for the business it guessed from the last visit),
 * so nothing on the way to the conversation list waits for another answer it does not need.
 */
async function signedIn({ account, token, rules, businesses, early }) {
  if (token) {
    localStorage.setItem(TOKEN, token);
    setToken(token);
    setSession(token.slice(-16));
  }
  state.me = account;
  const [r, b] = await Promise.all([rules || api.get('/rules'), businesses || api.get('/me/businesses')]);
  state.rules = r;
  state.businesses = b.items;
  const acting = state.businesses.find((x) => x.id === localStorage.getItem(ACTING)) || null;
  const guessed = early && early.acting === (acting?.id || null);
  useActing(acting);
  stopWaiting();
  // A shell drawn from the kept copy for the same person stays; the server's list replaces the copy's.
  const keep = shellFromCopy && shellFromCopy.owner === account.id && shellFromCopy.acting === (acting?.id || null);
  shellFromCopy = null;
  if (keep) shellParts[0].refresh();
  else renderShell();
  const listed = sync.start(guessed ? early.list : null);
  notify.start();
  route();
  // The conversation screen is the one opened next: its code loads while the person reads the
  // server's list (after it, so it never delays it).
  const warm = () => import('./views/conversation.js').catch(() => {});
  listed.then(() => ('requestIdleCallback' in window ? requestIdleCallback(warm, { timeout: 2000 }) : setTimeout(warm, 500)));
}

function useActing(business) {
  state.acting = business;
  setActing(business?.id || null);
  actingChanged();
  if (business) localStorage.setItem(ACTING, business.id);
  else localStorage.removeItem(ACTING);
  loadPending();
}

function renderShell() {
  shellParts.forEach((p) => p.destroy?.());
  const top = header({ onSignOut: signOut, onSwitch: switchActing });
  const side = sidebar({ onJoined: refreshBusinesses });
  shellParts = [top, side];
  pane = h('main', { id: 'pane', class: 'pane', tabindex: '-1' });
  app.replaceChildren(top.el, h('div', { class: 'layout' }, side.el, pane));
}

function switchActing(business) {
  sync.stop();
  reset();
  clearInbox();
  useActing(business);
  renderShell();
  sync.start();
  if (location.hash === '#/' || !location.hash) route();
  else location.hash = '#/';
}

// A notification opens its conversation as whom it was for: an agent's acting for the business
// (sw.js tells this page, or opens /?acting=ID#/c/… when no tab is open), a person's own as
// themselves. One for a business the person no longer works for opens nothing.
notify.whenOpeningAs((businessId) => {
  const business = businessId ? state.businesses.find((b) => b.id === businessId) : null;
  if (businessId && !business) return false;
  switchActing(business);
  return true;
});

function actingFromUrl() {
  const id = new URLSearchParams(location.search).get('acting');
  if (!id) return;
  localStorage.setItem(ACTING, id); // checked against the person's businesses once signed in
  history.replaceState(null, '', `/${location.hash}`);
}

async function refreshBusinesses() {
  state.businesses = (await api.get('/me/businesses')).items;
  changed('me'); // the kept copy lists the new page too
  shellParts[0]?.refresh();
}

async function signOut() {
  await notify.forget();
  try {
    await api.del('/sessions/current');
  } catch {
    // Signing out locally still matters when the server can't be reached.
  }
  endSession('You are signed out.');
}

function endSession(message) {
  sessions += 1;
  shellFromCopy = null;
  clearOutbox(); // issue 21 point 4: what this person left unsent is not sent after them
  clearCopy(); // nor their conversation list kept for an offline reload
  stopWaiting();
  sync.stop();
  notify.stop();
  reset();
  state.me = null;
  state.acting = null;
  localStorage.removeItem(TOKEN);
  setToken(null);
  setActing(null);
  history.replaceState(null, '', '#/');
  showAuth(message);
}

whenUnauthorized(() => endSession('Your session has ended. Please sign in again.'));
window.addEventListener('hashchange', route);
subscribe((topic) => {
  if (topic === 'connection') document.body.dataset.connection = state.connection;
});

/** A call the boot starts early; its failure is handled where it is awaited, if it is. */
function early(promise) {
  promise.catch(() => {});
  return promise;
}

let sessions = 0; // bumps when a session ends: a copy read for the one before is not shown
let shellFromCopy = null; // { owner, acting } while the shell shows the kept copy, not the server's list

async function boot() {
  actingFromUrl();
  const token = localStorage.getItem(TOKEN);
  if (!token) {
    showAuth();
    return;
  }
  setToken(token);
  setSession(token.slice(-16));
  // Every call that needs only the token starts now (issue 21 point 9); the conversations are
  // fetched as the business the person last answered for, checked once /me/businesses answers.
  const guess = localStorage.getItem(ACTING);
  setActing(guess);
  const started = {
    rules: early(api.get('/rules')), businesses: early(api.get('/me/businesses')),
    early: { acting: guess, list: sync.prefetch() },
  };
  // Meanwhile the list last seen here shows at once, replaced by the server's when it answers.
  const ticket = sessions;
  loadCopy().then((copy) => ticket === sessions && copy?.acting === guess && showCopy(copy));
  try {
    await signedIn({ account: await api.get('/me'), ...started });
  } catch (e) {
    if (e.status === 0) openOffline(e.message);
    else if (e.status !== 401) showAuth(e.message);
  }
}

/**
 * Draws the shell on the kept copy of the list, unless a shell or the server's list is there;
 * answers whether it did. The copy is of whom the person last acted as (the boot draws it only
 * when that is still the choice; offline, it is the one list there is).
 */
function showCopy(copy) {
  if (!copy || pane || listIsTheServers()) return false;
  state.me = copy.me;
  state.rules = copy.rules;
  state.businesses = copy.businesses;
  useActing(state.businesses.find((b) => b.id === copy.acting) || null);
  restoreConversations(copy.convs);
  renderShell();
  shellFromCopy = { owner: copy.owner, acting: copy.acting };
  return true;
}

/**
 * A reload while the server can't be reached keeps the session (and the outbox, which sends once
 * signed in again). With a copy of the last list seen here, the app opens on it (and on the screen
 * the address names) and says it is offline; without one, the page says so. Either way it tries
 * again, at once when the browser is back online, and signs in for real when the server answers.
 */
async function openOffline(message) {
  const ticket = sessions;
  const copy = await loadCopy();
  if (ticket !== sessions) return;
  if (pane || showCopy(copy)) {
    if (!current) route();
  } else {
    app.replaceChildren(h('p', { class: 'boot', role: 'status', id: 'boot-wait' }, `${message} Trying again…`));
  }
  waitForServer();
}

let waiting = null; // the retry of an offline boot: { timer, again }

function waitForServer() {
  stopWaiting();
  const again = async () => {
    stopWaiting();
    try {
      await signedIn({ account: await api.get('/me') });
    } catch (e) {
      if (e.status === 0) openOffline(e.message);
      else if (e.status !== 401) showAuth(e.message);
    }
  };
  waiting = { timer: setTimeout(again, navigator.onLine === false ? 60000 : 3000), again };
  window.addEventListener('online', again);
}

function stopWaiting() {
  if (!waiting) return;
  clearTimeout(waiting.timer);
  window.removeEventListener('online', waiting.again);
  waiting = null;
}

boot();
