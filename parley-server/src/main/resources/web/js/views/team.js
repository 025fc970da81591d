// A business's team: who answers for it, in what role, online or not, and how many open
// conversations each has. Owners and admins invite people by handle (they join once they accept;
// until then they are listed as invited) and remove them or withdraw the invitation; the server
// says no (and why) to anyone else.

import { act, api, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { loadAgents } from '../inbox.js';
import { state } from '../store.js';
import { nameOf } from '../words.js';

export function teamView() {
  const heading = h('h2', { tabindex: '-1' }, `${state.acting.display_name}: team`);
  const list = h('ul', { class: 'results', id: 'team-list' });
  const handle = h('input', { id: 'team-handle', required: true, placeholder: 'handle' });
  const role = h('select', { id: 'team-role' }, ['agent', 'admin', 'owner'].map((r) => h('option', { value: r }, r)));
  const error = h('p', { class: 'error', role: 'alert' });

  async function load() {
    try {
      const agents = await loadAgents();
      fill(list, agents.map((a) => h('li', { class: `row${a.status === 'invited' ? ' invited' : ''}`,
        'data-status': a.status },
        h('span', {}, h('strong', {}, nameOf(a.account)), ` @${a.account.handle} · ${a.role}`,
          a.status === 'invited' ? h('span', { class: 'badge' }, ' · invited, not answered yet')
            : [a.online ? ' · online' : '', ` · ${a.open_conversations} open`]),
        a.account.id === state.me.id ? null : h('button', { type: 'button', class: 'danger', onclick: async () => {
          try {
            await act.del(`/agents/${enc(a.account.id)}`);
            load();
          } catch (e) {
            error.textContent = e.message;
          }
        } }, a.status === 'invited' ? `Withdraw invitation of ${nameOf(a.account)}` : `Remove ${nameOf(a.account)}`))));
    } catch (e) {
      error.textContent = e.message;
    }
  }

  const form = h('form', { class: 'row', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const who = await api.get(`/accounts/${enc(handle.value.trim().replace(/^@/, ''))}`);
      await act.post('/agents', { account_id: who.id, role: role.value });
      handle.value = '';
      load();
    } catch (err) {
      error.textContent = err.message;
    }
  } },
  h('label', { for: 'team-handle' }, 'Invite'), handle, h('label', { for: 'team-role' }, 'as'), role,
  h('button', { type: 'submit', class: 'primary' }, 'Invite to team'));

  load();
  return {
    el: h('section', { class: 'page' }, h('a', { class: 'back', href: '#/inbox' }, '← Shared inbox'), heading, list,
      form, error),
    focus: () => heading.focus(),
  };
}
