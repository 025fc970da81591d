// Message search results; each opens its conversation at the message.

import { act, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { person, refreshConversation, state } from '../store.js';
import { conversationName, nameWithHandle, shortTime } from '../words.js';

export function searchView(q) {
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
            h('span', { class: 'result-text' }, m.text)));
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
