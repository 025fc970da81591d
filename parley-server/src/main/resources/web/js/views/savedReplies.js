// A business's saved replies: the list by shortcut, one form to add a reply or edit one, and
// delete. Bodies are templates; the server checks them when saved and says where a mistake is.
// Buttons insert the variables at the cursor, so nobody has to type {{customer.first_name}} by hand.

import { act, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { state } from '../store.js';

/** What the insert buttons put in: the customer's first name with a fallback, so it never sends "Hi ,". */
export const VARIABLES = [
  ['Customer\'s first name', '{{customer.first_name | default: "there"}}'],
  ['Your first name', '{{agent.first_name}}'],
  ['Business name', '{{business.name}}'],
];

/** Puts text into a textarea at its cursor (replacing a selection) and leaves the cursor after it. */
function insertAtCursor(area, text) {
  const start = area.selectionStart ?? area.value.length;
  const end = area.selectionEnd ?? start;
  area.setRangeText(text, start, end, 'end');
  area.focus();
}

const HELP = 'Use {{customer.first_name | default: "there"}}, {{customer.display_name}}, {{agent.first_name}}, '
  + '{{business.name}} or {{business.name_possessive}} ("Harbour Outfitters\'", "Ann\'s"). Without a fallback, a missing name stops the reply instead of sending "Hi ,".';

export function savedRepliesView() {
  const heading = h('h2', { tabindex: '-1' }, `${state.acting.display_name}: saved replies`);
  const list = h('ul', { class: 'results', id: 'saved-list' });
  const shortcut = h('input', { id: 'sr-shortcut', maxlength: '33', required: true, placeholder: 'hi' });
  const title = h('input', { id: 'sr-title', maxlength: '100', required: true });
  const body = h('textarea', { id: 'sr-body', rows: '3', required: true, 'aria-describedby': 'sr-help' });
  const error = h('p', { class: 'error', role: 'alert' });
  const status = h('p', { class: 'note', role: 'status' });
  const formHeading = h('h3', { id: 'sr-form-heading' }, 'New saved reply');
  const submit = h('button', { type: 'submit', class: 'primary', id: 'sr-submit' }, 'Save reply');
  const cancel = h('button', { type: 'button', id: 'sr-cancel', hidden: true, onclick: () => editing(null) }, 'Cancel');
  const inserts = h('div', { class: 'row', role: 'group', 'aria-label': 'Insert into the reply' },
    VARIABLES.map(([label, text]) => h('button', { type: 'button', class: 'insert',
      onclick: () => insertAtCursor(body, text) }, `Insert ${label.toLowerCase()}`)));
  /** The reply being edited, or null when the form adds a new one. */
  let current = null;

  function editing(r) {
    current = r;
    shortcut.value = r ? r.shortcut : '';
    title.value = r ? r.title : '';
    body.value = r ? r.body : '';
    formHeading.textContent = r ? `Edit /${r.shortcut}` : 'New saved reply';
    submit.textContent = r ? 'Save changes' : 'Save reply';
    cancel.hidden = !r;
    if (r) body.focus();
  }

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
      h('button', { type: 'button', onclick: () => editing(r) }, `Edit /${r.shortcut}`),
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
      const fields = { shortcut: shortcut.value, title: title.value, body: body.value };
      const r = current ? await act.patch(`/saved-replies/${enc(current.id)}`, fields)
        : await act.post('/saved-replies', fields);
      status.textContent = `Saved /${r.shortcut}.`;
      editing(null);
      load();
    } catch (err) {
      error.textContent = err.message;
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'sr-shortcut' }, 'Shortcut'), shortcut),
  h('div', { class: 'field' }, h('label', { for: 'sr-title' }, 'Title'), title),
  h('div', { class: 'field' }, h('label', { for: 'sr-body' }, 'Reply'), body, inserts,
    h('p', { id: 'sr-help', class: 'hint' }, HELP)),
  error, status, h('div', { class: 'row' }, submit, cancel));

  load();
  return {
    el: h('section', { class: 'page' }, h('a', { class: 'back', href: '#/inbox' }, '← Shared inbox'), heading, list,
      formHeading, form),
    focus: () => heading.focus(),
  };
}
