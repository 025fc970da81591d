// The emoji picker (issue 21, point 2) for reactions and the composer: a search box, "Recently
// used" (kept in localStorage), then every emoji of the built-in set by category. No network.
// It opens as a small dialog above the composer; Escape or a click outside closes it and the
// focus goes back to the button that opened it.

import { h } from '../dom.js';
import { CATEGORIES, EMOJI, recentEmoji, searchEmoji, useEmoji } from '../emojiData.js';

let open = null; // the one picker showing, if any

const nameOf = new Map(EMOJI.map((e) => [e.emoji, e.words.split(' ').slice(0, 3).join(' ')]));

/**
 * @param label what the picker is for ("React to Ann's message", "Add an emoji")
 * @param onPick (emoji) called once, after which the picker closes
 * @param opener the element to give the focus back to
 */
export function openEmojiPicker({ label, onPick, opener }) {
  open?.close();
  const search = h('input', { type: 'search', id: 'emoji-search', placeholder: 'Search emoji', autocomplete: 'off',
    'aria-label': 'Search emoji' });
  const body = h('div', { class: 'emoji-body' });
  const status = h('p', { class: 'vh', 'aria-live': 'polite' });

  const button = (emoji) => h('button', { type: 'button', class: 'emoji-choice', 'data-emoji': emoji,
    'aria-label': nameOf.get(emoji) || emoji, title: nameOf.get(emoji) || emoji,
    onclick: () => pick(emoji) }, emoji);
  const section = (title, list) => (list.length ? h('section', { class: 'emoji-section', 'aria-label': title },
    h('h3', {}, title), h('div', { class: 'emoji-grid' }, list.map(button))) : null);

  function render() {
    const q = search.value.trim();
    if (q) {
      const found = searchEmoji(q).map((e) => e.emoji);
      body.replaceChildren(found.length ? section('Results', found) : h('p', { class: 'hint' }, 'No emoji match.'));
      status.textContent = found.length ? `${found.length} emoji` : 'No emoji match.';
      return;
    }
    body.replaceChildren(...[section('Recently used', recentEmoji()),
      ...CATEGORIES.map((c) => section(c, EMOJI.filter((e) => e.category === c).map((e) => e.emoji)))].filter(Boolean));
  }

  const el = h('div', { class: 'emoji-picker', role: 'dialog', 'aria-label': label,
    onkeydown: (e) => { if (e.key === 'Escape') { e.preventDefault(); close(); } } },
  h('div', { class: 'emoji-top' }, search,
    h('button', { type: 'button', class: 'link', onclick: () => close() }, 'Close')),
  status, body);

  function pick(emoji) {
    useEmoji(emoji);
    close();
    onPick(emoji);
  }

  function outside(e) {
    if (!el.contains(e.target) && !opener?.contains(e.target)) close();
  }

  function close() {
    if (open !== picker) return;
    open = null;
    el.remove();
    document.removeEventListener('pointerdown', outside, true);
    if (opener?.isConnected) opener.focus();
  }

  search.addEventListener('input', render);
  search.addEventListener('keydown', (e) => {
    // Enter takes the first match: search "pizza", Enter.
    if (e.key === 'Enter') {
      e.preventDefault();
      const first = body.querySelector('.emoji-choice');
      if (first && search.value.trim()) pick(first.dataset.emoji);
    }
  });
  const picker = { el, close };
  open = picker;
  render();
  document.body.append(el);
  document.addEventListener('pointerdown', outside, true);
  search.focus();
  return picker;
}
