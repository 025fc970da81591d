// Message search results; each opens its conversation at the message.

import { act, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { person, refreshConversation, state } from '../store.js';
import { conversationName, nameWithHandle, shortTime } from '../words.js';

/**
 * A letter's accents dropped where it is a Latin letter with marks ("é" to "e"), and accents typed as
 * marks of their own ("u" and U+0308) left out, as the server folds them; then lower case.
 */
function fold(word) {
  return [...word].map((ch) => {
    if (/[\u0300-\u036f]/u.test(ch)) return '';
    const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
    const one = /^[A-Za-z]$/.test(bare) ? bare : ch;
    const lower = one.toLowerCase();
    return lower.length === one.length ? lower : one;
  }).join('');
}

/** The query's words, as the server reads them: letters and digits, folded. */
function queryTerms(q) {
  return fold(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The text with each word a query word starts marked (<mark>), so a long message shows why it was found. */
function marked(text, terms) {
  const parts = [];
  let at = 0;
  for (const w of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) { // marks too: "Zu\u0308rich" is one word
    const f = fold(w[0]);
    if (terms.some((t) => f.startsWith(t))) {
      parts.push(text.slice(at, w.index), h('mark', {}, w[0]));
      at = w.index + w[0].length;
    }
  }
  parts.push(text.slice(at));
  return parts;
}

export function searchView(q) {
  const terms = queryTerms(q);
  const heading = h('h2', { tabindex: '-1' }, `Messages matching “${q}”`);
  const results = h('ol', { class: 'results' });
  const status = h('p', { class: 'note', role: 'status' }, 'Searching…');

  async function load() {
    try {
      const page = await act.get(`/search/messages?q=${enc(q)}&limit=50`);
      const unknown = [...new Set(page.items.map((m) => m.conversation_id))].filter((id) => !state.convs.has(id));
      await Promise.all(unknown.map(refreshConversation));
      status.textContent = page.items.length ? `${page.items.length}${page.next_cursor ? '+' : ''} found.` : 'No messages match.';
      fill(results, page.items.map((m) => {
        const c = state.convs.get(m.conversation_id);
        return h('li', {},
          h('a', { href: `#/c/${enc(m.conversation_id)}/m/${m.seq}` },
            h('span', { class: 'result-where' }, `${c ? conversationName(c) : 'Conversation'} · ${nameWithHandle(person(m.sender_id))} · `,
              h('time', { datetime: m.created_at }, shortTime(m.created_at))),
            h('span', { class: 'result-text', dir: 'auto' }, marked(m.text, terms))));
      }));
    } catch (e) {
      status.textContent = e.message;
    }
  }

  load();
  return {
    el: h('section', { class: 'panel' }, h('a', { class: 'back', href: '#/' }, '← Conversations'), heading, status, results),
    focus: () => heading.focus(),
  };
}
