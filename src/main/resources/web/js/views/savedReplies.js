// A business's saved replies: the list by shortcut, a form to add one, and delete. Bodies are
// templates; the server checks them when saved and says where a mistake is.

import { act, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { state } from '../store.js';

const HELP = 'Use {{customer.first_name | default: "there"}}, {{customer.display_name}}, {{agent.first_name}} '
  + 'or {{business.name}}. Without a fallback, a missing name stops the reply instead of sending "Hi ,".';

export function savedRepliesView() {
  const heading = h('h2', { tabindex: '-1' }, `${state.acting.display_name}: saved replies`);
  const list = h('ul', { class: 'results', id: 'saved-list' });
  const shortcut = h('input', { id: 'sr-shortcut', maxlength: '33', required: true, placeholder: 'hi' });
  const title = h('input', { id: 'sr-title', maxlength: '100', required: true });
  const body = h('textarea', { id: 'sr-body', rows: '3', required: true, 'aria-describedby': 'sr-help' });
  const error = h('p', { class: 'error', role: 'alert' });
  const status = h('p', { class: 'note', role: 'status' });

  async function load() {
    try {
      const page = await act.get('/saved-replies?limit=200');
      fill(list, page.items.length ? page.items.map(item) : h('li', { class: 'empty' }, 'No saved replies yet.'));
    } catch (e) {
      error.textContent = e.message;
    }
  }

  function item(r) {
    return h('li', { class: 'saved' },
      h('p', {}, h('strong', {}, `/${r.shortcut}`), ` ${r.title}`),
      h('p', { class: 'hint' }, r.body),
      h('button', { type: 'button', class: 'danger', onclick: async () => {
        try {
          await act.del(`/saved-replies/${enc(r.id)}`);
          load();
        } catch (e) {
          error.textContent = e.message;
        }
      } }, `Delete /${r.shortcut}`));
  }

  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    status.textContent = '';
    try {
      const r = await act.post('/saved-replies', { shortcut: shortcut.value, title: title.value, body: body.value });
      status.textContent = `Saved /${r.shortcut}.`;
      shortcut.value = '';
      title.value = '';
      body.value = '';
      load();
    } catch (err) {
      error.textContent = err.message;
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'sr-shortcut' }, 'Shortcut'), shortcut),
  h('div', { class: 'field' }, h('label', { for: 'sr-title' }, 'Title'), title),
  h('div', { class: 'field' }, h('label', { for: 'sr-body' }, 'Reply'), body, h('p', { id: 'sr-help', class: 'hint' }, HELP)),
  error, status,
  h('button', { type: 'submit', class: 'primary' }, 'Save reply'));

  load();
  return {
    el: h('section', { class: 'page' }, h('a', { class: 'back', href: '#/inbox' }, '← Shared inbox'), heading, list,
      h('h3', {}, 'New saved reply'), form),
    focus: () => heading.focus(),
  };
}
