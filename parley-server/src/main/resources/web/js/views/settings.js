// Settings: your names, who may message you, read receipts, hidden words; and business pages
// (making one lets you switch to it from the top bar).

import { api } from '../api.js';
import { h } from '../dom.js';
import { changed, renamed, state } from '../store.js';
import { nameOf } from '../words.js';
import { notificationSection } from './notifySettings.js';
import { themeSection } from './themeChoice.js';

const POLICIES = [
  ['everyone', 'Everyone'],
  ['following', 'People you follow (others land in requests)'],
  ['nobody', 'Nobody'],
];

// The server's limits (account/Validation.java), counted as it counts them: in characters, not UTF-16 units.
const DISPLAY_NAME_MAX = 64;
const PREFERRED_NAME_MAX = 32;

/**
 * "12 / 64" under a name box, saying so when it is over. The box has no maxlength: a browser cuts a
 * pasted name there without a word, and the person saved a name they never saw whole; the server
 * refuses one too long, and its refusal is shown.
 */
function counter(input, max) {
  const el = h('p', { class: 'hint name-count', id: `${input.id}-count`, 'aria-live': 'polite' });
  const count = () => {
    const n = [...input.value.trim()].length;
    el.textContent = n > max ? `${n} / ${max}: ${n - max} too many` : `${n} / ${max}`;
    el.classList.toggle('over', n > max);
  };
  input.addEventListener('input', count);
  count();
  return el;
}

/** One's own name changed: wherever it shows (members, names beside messages) uses the new one at once. */
export function settingsView({ onBusinessCreated }) {
  const heading = h('h2', { tabindex: '-1' }, 'Settings');
  const me = state.me;
  const status = h('p', { class: 'note', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const displayName = h('input', { id: 'set-display-name', value: me.display_name, required: true,
    'aria-describedby': 'set-display-name-count' });
  const preferred = h('input', { id: 'set-preferred-name', value: me.preferred_name || '', 'aria-describedby': 'set-preferred-name-count' });
  const nameCount = counter(displayName, DISPLAY_NAME_MAX);
  const preferredCount = counter(preferred, PREFERRED_NAME_MAX);
  const radios = POLICIES.map(([value, label]) => {
    const input = h('input', { type: 'radio', name: 'dm_policy', id: `dm-${value}`, value, checked: me.settings.dm_policy === value });
    return { input, el: h('div', { class: 'choice' }, input, h('label', { for: `dm-${value}` }, label)) };
  });
  const receipts = h('input', { type: 'checkbox', id: 'set-receipts', checked: me.settings.read_receipts });
  const hidden = h('textarea', { id: 'set-hidden-words', rows: '3', 'aria-describedby': 'hidden-help',
    value: me.settings.hidden_words.join('\n') });
  // Where the hidden words apply (GET/PUT /me/hidden_words): requests only, or every conversation.
  const everywhere = h('input', { type: 'checkbox', id: 'set-hidden-everywhere' });
  api.get('/me/hidden_words').then((s) => { everywhere.checked = s.apply_to === 'all'; }).catch(() => {});
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save settings');

  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    status.textContent = '';
    error.textContent = '';
    save.disabled = true;
    try {
      state.me = await api.patch('/me', {
        display_name: displayName.value.trim(),
        preferred_name: preferred.value.trim(), // blank clears it
        settings: {
          dm_policy: radios.find((r) => r.input.checked)?.input.value,
          read_receipts: receipts.checked,
          hidden_words: hidden.value.split(/[\n,]/).map((w) => w.trim()).filter(Boolean),
        },
      });
      renamed(state.me);
      changed('me'); // the header, and the copy kept for offline reloads (localCopy.js), at once
      await api.put('/me/hidden_words', { apply_to: everywhere.checked ? 'all' : 'requests' });
      status.textContent = 'Saved.';
    } catch (err) {
      error.textContent = err.message;
    } finally {
      save.disabled = false;
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'set-display-name' }, 'Display name'), displayName, nameCount),
  h('div', { class: 'field' }, h('label', { for: 'set-preferred-name' }, 'What to call you (optional)'), preferred, preferredCount),
  h('fieldset', {}, h('legend', {}, 'Who may message you'), radios.map((r) => r.el)),
  h('div', { class: 'choice' }, receipts, h('label', { for: 'set-receipts' }, 'Send read receipts (others see "Seen"; you see theirs)')),
  h('div', { class: 'field' }, h('label', { for: 'set-hidden-words' }, 'Hidden words'), hidden,
    h('p', { class: 'hint', id: 'hidden-help' }, 'One per line. Message requests containing any of them go to Hidden instead of Requests.')),
  h('div', { class: 'choice' }, everywhere, h('label', { for: 'set-hidden-everywhere' },
    'Also hide them in conversations you accepted (tap a hidden message to show it)')),
  error, status, save);

  return {
    el: h('section', { class: 'panel' }, h('a', { class: 'back', href: '#/' }, '← Conversations'),
      heading, form, themeSection(), notificationSection(), businessSection(onBusinessCreated)),
    focus: () => heading.focus(),
  };
}

function businessSection(onBusinessCreated) {
  const list = h('ul', { class: 'members' });
  const render = () => list.replaceChildren(...state.businesses.map((b) => h('li', {}, `${nameOf(b)} (@${b.handle})`)));
  const handle = h('input', { id: 'biz-handle', autocapitalize: 'none', spellcheck: 'false', required: true });
  const name = h('input', { id: 'biz-name', required: true, maxlength: '64' });
  const status = h('p', { class: 'note', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const { business } = await api.post('/businesses', { handle: handle.value.trim().replace(/^@/, ''), display_name: name.value.trim() });
      await onBusinessCreated();
      render();
      status.textContent = `${business.display_name} is ready. Switch to it with "Acting as" at the top.`;
      handle.value = '';
      name.value = '';
    } catch (err) {
      error.textContent = err.message;
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'biz-handle' }, 'Business handle'), handle),
  h('div', { class: 'field' }, h('label', { for: 'biz-name' }, 'Business name'), name),
  error, status, h('button', { type: 'submit' }, 'Create business page'));
  render();
  return h('section', { class: 'business' }, h('h3', {}, 'Business pages you run'), list, form);
}
