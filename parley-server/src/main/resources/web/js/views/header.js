// The top bar: who you are (and which business you answer for), message search, the connection
// state, settings and sign-out.

import { fill, h } from '../dom.js';
import { state, subscribe } from '../store.js';
import { showSheet } from '../shortcuts.js';
import { waitingCount } from '../outbox.js';

const CONNECTION_WORDS = { online: 'Online', connecting: 'Connecting…', offline: 'Offline — reconnecting' };

export function header({ onSignOut, onSwitch }) {
  const who = h('span', { class: 'who' });
  const conn = h('span', { class: 'conn', role: 'status' });
  const q = h('input', { id: 'search-q', type: 'search', name: 'q', placeholder: 'Search messages', autocomplete: 'off' });
  const search = h('form', { class: 'search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    if (q.value.trim()) location.hash = `#/search/${encodeURIComponent(q.value.trim())}`;
  } },
  h('label', { for: 'search-q', class: 'vh' }, 'Search messages'), q,
  h('button', { type: 'submit' }, 'Search'));

  function renderWho() {
    if (!state.businesses.length) {
      fill(who, h('span', { id: 'me-name' }, `${state.me.display_name} (@${state.me.handle})`));
      return;
    }
    // An owner switches to a business to answer its conversations as it.
    const select = h('select', { id: 'acting', onchange: () => {
      onSwitch(state.businesses.find((b) => b.id === select.value) || null);
    } },
    h('option', { value: '', selected: !state.acting }, `${state.me.display_name} (@${state.me.handle})`),
    state.businesses.map((b) => h('option', { value: b.id, selected: state.acting?.id === b.id },
      `${b.display_name} (@${b.handle}, business)`)));
    fill(who, h('label', { for: 'acting' }, 'Acting as '), select);
  }

  // The browser's own word on the network counts as much as the socket's (issue 21 point 4).
  const renderConn = () => {
    const noNetwork = navigator.onLine === false;
    const c = noNetwork ? 'offline' : state.connection;
    const waiting = waitingCount();
    conn.textContent = (noNetwork ? 'Offline — no network' : CONNECTION_WORDS[c])
      + (waiting && c !== 'online' ? ` · ${waiting} waiting to send` : '');
    conn.dataset.state = c;
  };
  renderWho();
  renderConn();
  const off = subscribe((topic) => {
    if (topic === 'connection' || topic === 'outbox') renderConn();
    if (topic === 'me') renderWho(); // a new display name shows at once
  });
  window.addEventListener('offline', renderConn);
  window.addEventListener('online', renderConn);

  const el = h('header', { class: 'top' },
    // Moves the focus without touching the address, which the router owns.
    h('a', { class: 'skip', href: '#pane', onclick: (e) => { e.preventDefault(); document.getElementById('pane')?.focus(); } },
      'Skip to content'),
    h('h1', { class: 'brand' }, h('a', { href: '#/' }, 'Parley')),
    who, search, conn,
    h('nav', { class: 'top-nav', 'aria-label': 'Account' },
      h('a', { href: `#/p/${encodeURIComponent(state.me.handle)}`, id: 'my-profile' }, 'Profile'),
      h('button', { type: 'button', class: 'link', id: 'shortcuts', 'aria-label': 'Keyboard shortcuts',
        onclick: showSheet }, '?'),
      h('a', { href: '#/settings' }, 'Settings'),
      h('button', { type: 'button', class: 'link', onclick: onSignOut }, 'Sign out')));
  return { el, refresh: renderWho, destroy: () => {
    off();
    window.removeEventListener('offline', renderConn);
    window.removeEventListener('online', renderConn);
  } };
}
