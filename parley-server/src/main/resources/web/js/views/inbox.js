// The shared inbox of the business being answered for: tabs by status (and the bot's) with their counts, filters
// by assignee and label, complaints first (or newest first). It reloads as inbox events arrive,
// so every agent sees assignments, new labels and reopened conversations as they happen.

import { act, enc } from '../api.js';
import { fill, h, patchList } from '../dom.js';
import { TRIAGE } from '../inbox.js';
import { state, subscribe } from '../store.js';
import { messageLine, nameOf, shortTime } from '../words.js';

// "Bot" and "Snoozed" are views, not statuses: open conversations the FAQ bot is handling (nobody's
// until it hands over) and open ones an agent snoozed until later.
const STATUSES = [['open', 'Open'], ['bot', 'Bot'], ['snoozed', 'Snoozed'], ['pending', 'Pending'], ['resolved', 'Resolved']];

export function inboxView() {
  const filters = { status: 'open', assignee: '', label: '', sort: 'urgent' };
  const heading = h('h2', { tabindex: '-1' }, `${state.acting.display_name}: shared inbox`);
  const tabs = STATUSES.map(([value, label]) => {
    const count = h('span', { class: 'badge' });
    const b = h('button', { type: 'button', id: `inbox-${value}`, onclick: () => { filters.status = value; load(); } },
      `${label} `, count);
    return { value, b, count };
  });
  const assignee = h('select', { id: 'inbox-assignee', onchange: () => { filters.assignee = assignee.value; load(); } });
  const label = h('select', { id: 'inbox-label', onchange: () => { filters.label = label.value; load(); } },
    h('option', { value: '' }, 'Any label'), TRIAGE.map((l) => h('option', { value: l }, l)));
  const sort = h('select', { id: 'inbox-sort', onchange: () => { filters.sort = sort.value; load(); } },
    h('option', { value: 'urgent' }, 'Complaints first'), h('option', { value: 'newest' }, 'Newest first'));
  const list = h('ul', { class: 'inbox-list', id: 'inbox-list', 'aria-label': 'Conversations in this view' });
  const empty = h('p', { class: 'empty' }, 'Nothing here.');
  const error = h('p', { class: 'error', role: 'alert' });
  let timer = null;
  let loading = false;
  let again = false;

  async function load() {
    if (loading) { again = true; return; }
    loading = true;
    try {
      const q = new URLSearchParams({ status: filters.status, sort: filters.sort, limit: '100' });
      if (filters.assignee) q.set('assignee', filters.assignee);
      if (filters.label) q.set('label', filters.label);
      const page = await act.get(`/inbox?${q}`);
      error.textContent = '';
      render(page);
    } catch (e) {
      error.textContent = e.message;
    } finally {
      loading = false;
      if (again) { again = false; load(); }
    }
  }

  function render(page) {
    for (const t of tabs) {
      t.b.setAttribute('aria-pressed', String(filters.status === t.value));
      t.count.textContent = String(page.counts[t.value]);
      t.count.setAttribute('aria-label', `${page.counts[t.value]} ${t.value}`);
    }
    fill(assignee,
      h('option', { value: '', selected: filters.assignee === '' }, 'Anyone'),
      h('option', { value: 'me', selected: filters.assignee === 'me' }, `Mine (${page.counts.mine} open)`),
      h('option', { value: 'unassigned', selected: filters.assignee === 'unassigned' },
        `Unassigned (${page.counts.unassigned} open)`));
    empty.hidden = page.items.length > 0;
    patchList(list, page.items, (i) => i.conversation_id, row);
  }

  // Inbox events arrive in bursts (a message, then its triage): reload once per burst.
  const off = subscribe((topic) => {
    if (topic !== 'inbox') return;
    clearTimeout(timer);
    timer = setTimeout(load, 150);
  });
  load();

  const el = h('section', { class: 'inbox-screen' },
    h('header', { class: 'conv-head' }, h('a', { class: 'back', href: '#/' }, '← Conversations'),
      h('div', { class: 'head-text' }, heading)),
    h('div', { class: 'inbox-filters' },
      h('div', { class: 'folders', role: 'group', 'aria-label': 'Status' }, tabs.map((t) => t.b)),
      h('div', { class: 'row' },
        h('label', { for: 'inbox-assignee' }, 'Assigned to'), assignee,
        h('label', { for: 'inbox-label' }, 'Label'), label,
        h('label', { for: 'inbox-sort' }, 'Order'), sort)),
    error, empty, list);
  return { el, focus: () => heading.focus(), destroy: () => { off(); clearTimeout(timer); } };
}

function row(item, prev) {
  const sig = JSON.stringify(item);
  if (prev && prev.dataset.sig === sig) return prev;
  const who = item.customer.display_name || 'Customer';
  const m = item.last_message;
  const text = m ? messageLine(m, 100) : 'No messages yet';
  const owner = item.assignee ? nameOf(item.assignee) : item.bot ? 'The bot' : 'Unassigned';
  return h('li', { 'data-sig': sig },
    h('a', { href: `#/c/${enc(item.conversation_id)}`, class: `inbox-item${item.urgent ? ' urgent' : ''}`,
      'data-fk': `inbox-${item.conversation_id}` },
    h('span', { class: 'conv-main' },
      h('span', { class: 'conv-name' }, who, atHandle(item.customer) ? h('span', { class: 'hint' }, ` @${atHandle(item.customer)}`) : null),
      h('span', { class: 'conv-preview', dir: 'auto' }, text),
      h('span', { class: 'labels' }, item.labels.map((l) => h('span', { class: `label label-${l}` }, l)))),
    h('span', { class: 'conv-side' },
      h('time', { datetime: item.last_activity_at }, shortTime(item.last_activity_at)),
      h('span', { class: 'assignee', title: owner }, owner),
      item.unread_count ? h('span', { class: 'badge' }, String(item.unread_count)) : null)));
}

/** The @handle to show: a channel customer's username on the network (their Parley handle is a placeholder). */
function atHandle(customer) {
  return customer.channel ? customer.channel.username : customer.handle;
}
