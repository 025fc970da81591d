// The app shell: signs in from a saved token, lays out header, conversation list and the pane,
// and routes #/… addresses to views. Each view is { el, focus?, destroy? }.

import { api, setActing, setToken, whenUnauthorized } from './api.js';
import { h } from './dom.js';
import { reset, state, subscribe } from './store.js';
import { clearOutbox, loadPending } from './outbox.js';
import * as sync from './sync.js';
import { authView } from './views/auth.js';
import { header } from './views/header.js';
import { sidebar } from './views/sidebar.js';
import { conversationView } from './views/conversation.js';
import { membersView, newGroupView } from './views/group.js';
import { findView, profileView } from './views/profile.js';
import { draftView } from './views/draft.js';
import { settingsView } from './views/settings.js';
import { searchView } from './views/search.js';
import { inboxView } from './views/inbox.js';
import { savedRepliesView } from './views/savedReplies.js';
import { teamView } from './views/team.js';
import { channelsView } from './views/channels.js';
import { automationView } from './views/automation.js';
import { responsivenessView } from './views/responsiveness.js';
import { invitationsBox } from './views/invitations.js';
import { moderationView } from './views/moderation.js';
import { clearInbox } from './inbox.js';
import * as notify from './notify.js';
import './agentNotify.js';
import './shortcuts.js'; // issue 21 point 7: Alt+↑/↓, Ctrl+K, ↑ to edit, R to reply, ? for the sheet
import './backNav.js'; // issue 21 point 8: the header's ← goes back in history when it can

const TOKEN = 'parley.token';
const ACTING = 'parley.acting';
const app = document.getElementById('app');
let current = null;
let pane = null;
let shellParts = [];

const routes = [
  [/^#\/c\/([^/]+)\/members$/, (id) => membersView(id)],
  [/^#\/c\/([^/]+)(?:\/m\/(\d+))?$/, (id, seq) => conversationView(id, seq ? Number(seq) : null)],
  [/^#\/p\/([^/]+)$/, (handle) => profileView(handle)],
  [/^#\/new\/([^/]+)$/, (handle) => (state.acting ? null : draftView(decodeURIComponent(handle)))],
  [/^#\/find$/, () => findView()],
  [/^#\/new-group$/, () => newGroupView()],
  [/^#\/settings$/, () => settingsView({ onBusinessCreated: refreshBusinesses })],
  [/^#\/search\/(.+)$/, (q) => searchView(q)],
  [/^#\/inbox$/, () => (state.acting ? inboxView() : null)],
  [/^#\/saved-replies$/, () => (state.acting ? savedRepliesView() : null)],
  [/^#\/team$/, () => (state.acting ? teamView() : null)],
  [/^#\/channels(?:\?(.*))?$/, (q) => (state.acting ? channelsView(q) : null)],
  [/^#\/automation$/, () => (state.acting ? automationView() : null)],
  [/^#\/responsiveness$/, () => (state.acting ? responsivenessView() : null)],
  [/^#\/moderation$/, () => (state.acting ? null : moderationView())],
];

function welcomeView() {
  const title = h('h2', { tabindex: '-1' }, state.acting ? `Answering as ${state.acting.display_name}` : 'Welcome');
  // Invitations to businesses' teams wait here for the person's answer.
  const invitations = state.acting ? null : invitationsBox({ onJoined: refreshBusinesses });
  return {
    el: h('section', { class: 'welcome' }, title,
      h('p', {}, 'Pick a conversation, or start one: ', h('a', { href: '#/find' }, 'find someone by handle'),
        state.acting ? '.' : [' or ', h('a', { href: '#/new-group' }, 'make a group'), '.']),
      invitations?.el),
    focus: () => title.focus(),
    destroy: () => invitations?.destroy(),
  };
}

function route() {
  if (!pane) return;
  const hash = location.hash || '#/';
  let view = null;
  for (const [re, make] of routes) {
    const m = hash.match(re);
    if (m) {
      view = make(...m.slice(1).map((x) => (x === undefined ? x : decodeURIComponent(x))));
      break;
    }
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

async function signedIn({ account, token }) {
  if (token) {
    localStorage.setItem(TOKEN, token);
    setToken(token);
  }
  state.me = account;
  const [rules, businesses] = await Promise.all([api.get('/rules'), api.get('/me/businesses')]);
  state.rules = rules;
  state.businesses = businesses.items;
  const saved = localStorage.getItem(ACTING);
  useActing(state.businesses.find((b) => b.id === saved) || null);
  renderShell();
  sync.start();
  notify.start();
  route();
}

function useActing(business) {
  state.acting = business;
  setActing(business?.id || null);
  if (business) localStorage.setItem(ACTING, business.id);
  else localStorage.removeItem(ACTING);
  loadPending();
}

function renderShell() {
  shellParts.forEach((p) => p.destroy?.());
  const top = header({ onSignOut: signOut, onSwitch: switchActing });
  const side = sidebar();
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
  clearOutbox(); // issue 21 point 4: what this person left unsent is not sent after them
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

async function boot() {
  actingFromUrl();
  const token = localStorage.getItem(TOKEN);
  if (!token) {
    showAuth();
    return;
  }
  setToken(token);
  try {
    await signedIn({ account: await api.get('/me') });
  } catch (e) {
    if (e.status === 0) waitForServer(e.message);
    else if (e.status !== 401) showAuth(e.message);
  }
}

/**
 * A reload while the server can't be reached keeps the session (and the outbox, which sends once
 * signed in again): the page says so and tries again, at once when the browser is back online.
 */
function waitForServer(message) {
  app.replaceChildren(h('p', { class: 'boot', role: 'status', id: 'boot-wait' },
    `${message} Trying again…`));
  const again = () => {
    window.removeEventListener('online', again);
    clearTimeout(timer);
    boot();
  };
  const timer = setTimeout(again, navigator.onLine === false ? 60000 : 3000);
  window.addEventListener('online', again);
}

boot();
