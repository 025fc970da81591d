// Issue 21 point 3: finding people as you type (GET /accounts?q=, ranked by the server) and
// drawing a person's avatar, or their initials until they have one.

import { api, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { state } from '../store.js';
import { initials } from '../words.js';

const DEBOUNCE_MS = 200;

/** The avatar of a person: their picture (a signed link), else their initials. */
export function avatar(p, cls = 'avatar') {
  return p.avatar_url
    ? h('span', { class: `${cls} has-img`, 'aria-hidden': 'true' }, h('img', { src: p.avatar_url, alt: '' }))
    : h('span', { class: cls, 'aria-hidden': 'true' }, initials(p));
}

const SIDEBAR = { id: 'people', placeholder: 'Search people' };

/**
 * People search as one types: the sidebar's, whose results replace the conversation list while there
 * is a query, the "New message" page's, and a group's member pickers (where.id names its elements
 * apart: several can be on the page; where.inputId, when given, names the box). onActive(bool) tells
 * the owner whether results are showing. With where.pick(person), a result is picked (a group's
 * "Add") instead of opening a conversation with them.
 */
export function peopleSearch(onActive, where = SIDEBAR) {
  const input = h('input', { id: where.inputId || `${where.id}-q`, type: 'search', autocomplete: 'off', autocapitalize: 'none',
    spellcheck: 'false', placeholder: where.placeholder, 'aria-controls': `${where.id}-results`,
    'aria-describedby': `${where.id}-status` });
  const status = h('p', { class: 'note', id: `${where.id}-status`, role: 'status' });
  const results = h('ul', { class: 'people-results', id: `${where.id}-results`, 'aria-label': 'People found' });
  let timer = null;
  let asked = 0;

  async function search(q) {
    const mine = ++asked;
    try {
      const page = await api.get(`/accounts?q=${enc(q)}&limit=20`);
      if (mine !== asked) return; // a newer keystroke already asked
      status.textContent = page.items.length ? '' : `No one matches “${q}”.`;
      fill(results, page.items.map(row));
      return page.items;
    } catch (e) {
      if (mine === asked) status.textContent = e.status === 429 ? 'Searching too fast; wait a moment.' : e.message;
      return null;
    }
  }

  function row(p) {
    if (where.pick) {
      return h('li', {}, h('button', { type: 'button', class: 'person-row', 'data-fk': `${where.id}-${p.id}`,
        onclick: () => where.pick(p), 'aria-label': `Add ${p.display_name} @${p.handle}` },
      avatar(p), h('span', { class: 'conv-main' },
        h('span', { class: 'conv-name' }, p.display_name), h('span', { class: 'hint' }, `@${p.handle}`))));
    }
    return h('li', {},
      h('button', { type: 'button', class: 'person-row', 'data-fk': `person-${p.id}`, onclick: () => start(p),
        'aria-label': `Message ${p.display_name} @${p.handle}` },
      avatar(p),
      h('span', { class: 'conv-main' },
        h('span', { class: 'conv-name' }, p.display_name, p.verified ? h('span', { class: 'tag' }, 'Verified') : null),
        h('span', { class: 'hint' }, `@${p.handle}${p.you_follow ? ' · Following' : ''}`))),
      h('a', { href: `#/p/${enc(p.handle)}`, class: 'person-profile', 'aria-label': `Profile of @${p.handle}` }, 'Profile'));
  }

  /**
   * Opens the conversation with them: the existing one, or a draft that creates it with the first
   * message, so a search abandoned halfway leaves no empty conversation in the list. A business has
   * no drafts (it reaches out from a profile, under its rules), so acting for one opens the profile:
   * the draft's address led to the welcome screen.
   */
  function start(p) {
    const existing = [...state.convs.values()].find((c) => c.kind === 'direct' && c.members.some((m) => m.id === p.id));
    clear();
    location.hash = existing ? `#/c/${enc(existing.id)}` : state.acting ? `#/p/${enc(p.handle)}` : `#/new/${enc(p.handle)}`;
  }

  function clear() {
    input.value = '';
    changed();
  }

  function changed() {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      asked++;
      status.textContent = '';
      fill(results);
      onActive(false);
      return;
    }
    onActive(true);
    timer = setTimeout(() => search(q), DEBOUNCE_MS);
  }

  input.addEventListener('input', changed);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') clear();
    if (e.key === 'ArrowDown') results.querySelector('button')?.focus();
  });
  const el = h('div', { class: 'people-search', role: 'search' },
    h('label', { for: input.id, class: 'vh' }, 'Search people by name or handle'), input);
  return { el, input, status, results, clear, search };
}
