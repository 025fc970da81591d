// Groups: the new-group form with its member picker (which shows the cap, "2 of 50"), and a
// group's members panel: rename, add, remove, leave.

import { act, api, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { actorId, forgetConversation, refreshConversation, state, subscribe } from '../store.js';
import { nameOf } from '../words.js';
import { confirmDialog } from './dialog.js';
import { peopleSearch } from './people.js';

const cap = () => state.rules.group_max_members;
const capWords = () => `A group holds at most ${cap()} members, you included.`;

/**
 * A box that finds a person by name or handle, with the same search as starting a message, and
 * hands the one picked on: a click on a result, or Enter (the exact handle typed, else the only
 * person the words match). It took an exact id or handle alone: "Dee" or "Smith" found no one.
 */
function handleAdder({ id, label, onAccount }) {
  const people = peopleSearch((active) => { people.results.hidden = !active; },
    { id: `${id}-people`, inputId: id, placeholder: 'Name or @handle', pick: (p) => go(p) });
  people.results.hidden = true;
  const { input } = people;
  input.setAttribute('aria-describedby', `${id}-error`);
  const error = h('p', { class: 'error', role: 'alert', id: `${id}-error` });
  const add = h('button', { type: 'button' }, 'Add');

  /** The exact handle typed, else the one person the words match; null (with the reason shown) otherwise. */
  async function find(words) {
    const handle = words.replace(/^@/, '');
    if (/^[\w.]+$/.test(handle)) {
      try {
        return await api.get(`/accounts/${enc(handle)}`);
      } catch (e) {
        if (e.status !== 404) throw e;
      }
    }
    const found = await people.search(words);
    if (found?.length === 1) return found[0];
    error.textContent = found?.length ? `Several people match “${words}”: pick one from the list.`
      : `No one has the name or handle “${words}”.`;
    return null;
  }

  async function go(picked) {
    const words = input.value.trim();
    if (!picked && !words) return;
    error.textContent = '';
    add.disabled = true;
    try {
      const account = picked || await find(words);
      if (account) {
        await onAccount(account);
        people.clear();
      }
    } catch (e) {
      error.textContent = e.message;
    } finally {
      add.disabled = false;
      input.focus();
    }
  }
  add.addEventListener('click', () => go());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); go(); }
  });
  return {
    el: h('div', { class: 'adder' },
      h('label', { for: id }, label), h('div', { class: 'row' }, input, add), error, people.status, people.results),
    input,
    fail: (text) => { error.textContent = text; },
  };
}

export function newGroupView() {
  const picked = [];
  const heading = h('h2', { tabindex: '-1' }, 'New group');
  const name = h('input', { id: 'group-title', maxlength: '100', autocomplete: 'off' });
  const count = h('p', { class: 'count', 'aria-live': 'polite', id: 'group-count' });
  const chips = h('ul', { class: 'chips', 'aria-label': 'Members to add' });
  const error = h('p', { class: 'error', role: 'alert' });
  const adder = handleAdder({
    id: 'group-add',
    label: 'Add someone by name or handle',
    onAccount: (a) => {
      if (a.id === state.me.id || picked.some((p) => p.id === a.id)) return;
      if (picked.length + 1 >= cap()) {
        adder.fail(`${capWords()} @${a.handle} can't be added.`);
        return;
      }
      picked.push(a);
      render();
    },
  });

  function render() {
    count.textContent = `${picked.length + 1} of ${cap()} members, you included`;
    fill(chips, picked.map((a) => h('li', {},
      `${nameOf(a)} (@${a.handle}) `,
      h('button', { type: 'button', class: 'link', 'data-fk': `unpick-${a.id}`, 'aria-label': `Remove ${nameOf(a)}`,
        onclick: () => { picked.splice(picked.indexOf(a), 1); render(); adder.input.focus(); } }, 'Remove'))));
  }

  const create = h('button', { type: 'submit', class: 'primary' }, 'Create group');
  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    const title = name.value.trim();
    // One other person and no name is a direct conversation, not a group.
    if (picked.length < 2 && !title) {
      error.textContent = 'Add at least two people, or give the group a name.';
      return;
    }
    create.disabled = true;
    try {
      const body = { member_ids: picked.map((a) => a.id) };
      if (title) body.title = title;
      const c = await api.post('/conversations', body);
      await refreshConversation(c.id);
      location.hash = `#/c/${enc(c.id)}`;
    } catch (err) {
      error.textContent = err.message;
      create.disabled = false;
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'group-title' }, 'Group name (optional)'), name),
  h('fieldset', {}, h('legend', {}, 'Members'), count, chips, adder.el),
  error, create);
  render();
  return {
    el: h('section', { class: 'panel' }, h('a', { class: 'back', href: '#/' }, '← Conversations'), heading, form),
    focus: () => name.focus(),
  };
}

export function membersView(id) {
  const heading = h('h2', { tabindex: '-1' }, 'Group members');
  const count = h('p', { class: 'count', id: 'members-count', 'aria-live': 'polite' });
  const list = h('ul', { class: 'members' });
  const notice = h('p', { class: 'error', role: 'alert' });
  const title = h('input', { id: 'rename', maxlength: '100', autocomplete: 'off' });
  // A rename says it happened (issue 21, point 5), as the other members see the new name live.
  const renamed = h('p', { class: 'note', id: 'rename-done', role: 'status' });
  const renameForm = h('form', { class: 'row', onsubmit: async (e) => {
    e.preventDefault();
    notice.textContent = '';
    renamed.textContent = '';
    try {
      const name = title.value.trim();
      await act.patch(`/conversations/${enc(id)}`, { title: name });
      await refreshConversation(id);
      renamed.textContent = name ? `Renamed to ‘${name}’.` : 'The group has no name now.';
    } catch (err) {
      notice.textContent = err.message;
    }
  } }, h('label', { for: 'rename' }, 'Group name'), title, h('button', { type: 'submit' }, 'Rename'));
  const adder = handleAdder({
    id: 'member-add',
    label: 'Add someone by name or handle',
    onAccount: async (a) => {
      // The server applies the cap and the messaging rules; its refusal is shown as it words it.
      await act.post(`/conversations/${enc(id)}/members`, { account_ids: [a.id] });
      await refreshConversation(id);
    },
  });
  const leave = h('div', { class: 'row' });

  function renderLeave(confirming) {
    fill(leave, confirming
      ? [h('span', {}, "Leave this group? You won't see new messages."),
        h('button', { type: 'button', class: 'danger', 'data-fk': 'leave-yes', onclick: leaveNow }, 'Leave'),
        h('button', { type: 'button', 'data-fk': 'leave-no', onclick: () => renderLeave(false) }, 'Stay')]
      : h('button', { type: 'button', class: 'danger', 'data-fk': 'leave', onclick: () => renderLeave(true) }, 'Leave group'));
    leave.querySelector('button').focus();
  }

  async function leaveNow() {
    try {
      await act.del(`/conversations/${enc(id)}/members/${enc(actorId())}`);
      forgetConversation(id);
      location.hash = '#/';
    } catch (e) {
      notice.textContent = e.message;
    }
  }

  async function remove(member) {
    notice.textContent = '';
    // Asked first, as block and unsend are: on a phone "Remove" sits a thumb's width from "Make
    // admin", and undoing it takes adding them back, which their message rules may refuse.
    if (!await confirmDialog({ title: `Remove ${nameOf(member)} from the group?`,
      body: "They won't see new messages here, and the group is told they were removed.", confirm: 'Remove' })) return;
    try {
      await act.del(`/conversations/${enc(id)}/members/${enc(member.id)}`);
      await refreshConversation(id);
      adder.input.focus();
    } catch (e) {
      notice.textContent = e.message;
    }
  }

  /** Makes a member admin, or an admin a member again (oneself too, while another admin stays). */
  async function setRole(member, role) {
    notice.textContent = '';
    try {
      await act.put(`/conversations/${enc(id)}/members/${enc(member.id)}/role`, { role });
      await refreshConversation(id);
    } catch (e) {
      notice.textContent = e.message;
    }
  }

  function roleButton(m, admins) {
    if (m.role !== 'admin') {
      return h('button', { type: 'button', class: 'link', 'data-fk': `make-admin-${m.id}`,
        'aria-label': `Make ${nameOf(m)} an admin`, onclick: () => setRole(m, 'admin') }, 'Make admin');
    }
    if (admins < 2) return null; // the only admin stays one: the server would refuse it
    const self = m.id === actorId();
    return h('button', { type: 'button', class: 'link', 'data-fk': `unmake-admin-${m.id}`,
      'aria-label': self ? 'Step down as admin' : `Remove ${nameOf(m)} as admin`,
      onclick: () => setRole(m, 'member') }, self ? 'Step down as admin' : 'Remove as admin');
  }

  function render() {
    const c = state.convs.get(id);
    if (!c) return;
    const admin = c.members.find((m) => m.id === actorId())?.role === 'admin';
    const admins = c.members.filter((m) => m.role === 'admin').length;
    if (document.activeElement !== title) title.value = c.title || '';
    count.textContent = `${c.members.length} of ${cap()} members`;
    fill(list, c.members.map((m) => h('li', {},
      h('a', { href: `#/p/${enc(m.handle)}` }, nameOf(m)), ` @${m.handle}`,
      m.role === 'admin' ? h('span', { class: 'tag' }, 'admin') : null,
      m.id === actorId() ? h('span', { class: 'tag' }, 'you') : null,
      admin ? roleButton(m, admins) : null,
      admin && m.id !== actorId()
        ? h('button', { type: 'button', class: 'link', 'data-fk': `remove-${m.id}`, 'aria-label': `Remove ${nameOf(m)}`,
          onclick: () => remove(m) }, 'Remove')
        : null)));
  }

  const off = subscribe((topic, which) => { if (topic === 'conv' && which === id) render(); });
  if (!state.convs.has(id)) refreshConversation(id);
  render();
  renderLeave(false);
  return {
    el: h('section', { class: 'panel' },
      h('a', { class: 'back', href: `#/c/${enc(id)}` }, '← Back to the conversation'),
      heading, renameForm, renamed, count, list, adder.el, notice, leave),
    focus: () => heading.focus(),
    destroy: off,
  };
}
