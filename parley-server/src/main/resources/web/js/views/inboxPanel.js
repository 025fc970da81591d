// Beside a customer conversation, for the business's agents: who the customer is, the
// conversation's status, who has it, its labels (triage's, which an agent can correct), and a
// box for the internal notes only the team sees (the notes themselves show in the thread). A
// right-hand column when the pane is wide; a drawer the conversation's header opens when narrow.

import { fill, h } from '../dom.js';
import {
  TRIAGE, addNote, assign, inbox, loadAgents, loadItem, loadNotes, setLabels, setStatus, snooze,
} from '../inbox.js';
import { state, subscribe } from '../store.js';
import { fullTime, nameOf, plural } from '../words.js';

// Triage's labels, which an agent can correct, and spam, which keeps a conversation out of the
// business's response figures.
const TOGGLES = [...TRIAGE, 'spam'];

const CHANNEL_NAMES = { messenger: 'Messenger', instagram: 'Instagram', x: 'X' };

/** Snooze choices, as the time each ends (local time for "tomorrow"). */
const SNOOZES = [
  ['1h', 'For an hour', () => new Date(Date.now() + 3600e3)],
  ['4h', 'For four hours', () => new Date(Date.now() + 4 * 3600e3)],
  ['tomorrow', 'Until tomorrow, 9:00', () => { const d = new Date(); d.setDate(d.getDate() + 1); d.setHours(9, 0, 0, 0); return d; }],
  ['week', 'For a week', () => new Date(Date.now() + 7 * 86400e3)],
];

/**
 * @param onClose called when the drawer's own close button is pressed
 * @param onNote called after the agent added a note (it shows in the thread)
 * @param onGone called when the conversation has no place in the inbox (a group): no panel then
 */
export function inboxPanel(id, { onClose, onNote, onGone }) {
  const customer = h('div', { class: 'customer' });
  const status = h('select', { id: 'inbox-status', onchange: () => run(() => setStatus(id, status.value)) },
    ['open', 'pending', 'resolved'].map((s) => h('option', { value: s }, s)));
  const assignee = h('select', { id: 'inbox-assignee-pick',
    onchange: () => run(() => assign(id, assignee.value || null)) });
  const mine = h('button', { type: 'button', id: 'assign-me', onclick: () => run(() => assign(id, state.me.id)) },
    'Assign to me');
  const snoozePick = h('select', { id: 'inbox-snooze', onchange: () => {
    const choice = SNOOZES.find(([key]) => key === snoozePick.value);
    snoozePick.value = '';
    if (choice) run(() => snooze(id, choice[2]().toISOString()));
  } }, h('option', { value: '' }, 'Snooze…'), SNOOZES.map(([key, label]) => h('option', { value: key }, label)));
  const snoozed = h('span', { class: 'hint', id: 'inbox-snoozed-until' });
  const wake = h('button', { type: 'button', id: 'inbox-wake', onclick: () => run(() => snooze(id, new Date().toISOString())) },
    'Wake now');
  const labels = h('div', { class: 'row', role: 'group', 'aria-label': 'Labels' });
  const triage = h('p', { class: 'hint' });
  const noteCount = h('p', { class: 'hint', id: 'note-count' });
  const noteText = h('textarea', { id: 'note-text', rows: '2', placeholder: 'Only your team sees notes' });
  const error = h('p', { class: 'error', role: 'alert' });

  async function run(action) {
    error.textContent = '';
    try {
      await action();
    } catch (e) {
      error.textContent = e.message;
    }
  }

  function render() {
    const item = inbox.items.get(id);
    if (!item) return;
    const c = item.customer;
    // A channel's customer: the network's @username (their Parley handle is only a placeholder).
    const handle = c.channel ? c.channel.username : c.handle;
    fill(customer,
      h('strong', {}, c.display_name || 'Customer'), handle ? ` @${handle}` : '',
      c.channel ? h('span', { class: 'hint channel-network' }, ` on ${CHANNEL_NAMES[c.channel.network] || c.channel.network}`) : '',
      h('span', { class: 'hint' }, c.first_name ? ` · call them ${c.first_name}` : ' · no first name to use'));
    status.value = item.status;
    fill(assignee, h('option', { value: '' }, 'Unassigned'),
      inbox.agents.map((a) => h('option', { value: a.account.id, selected: item.assignee?.id === a.account.id },
        `${nameOf(a.account)}${a.online ? ' (online)' : ''}`)));
    assignee.value = item.assignee?.id || '';
    mine.hidden = item.assignee?.id === state.me.id;
    snoozed.textContent = item.snoozed_until ? `Snoozed until ${fullTime(item.snoozed_until)}` : '';
    wake.hidden = !item.snoozed_until;
    const set = new Set(item.labels);
    fill(labels, TOGGLES.map((l) => h('button', { type: 'button', class: `label-toggle label-${l}`, 'aria-pressed': String(set.has(l)),
      'data-fk': `label-${l}`, title: l === 'spam' ? 'Spam is left out of the response figures' : `Label ${l}`,
      onclick: () => {
        const next = new Set(set);
        if (next.has(l)) next.delete(l); else next.add(l);
        run(() => setLabels(id, [...next]));
      } }, l)),
    item.labels.filter((l) => !TOGGLES.includes(l)).map((l) => h('span', { class: 'label' }, l)));
    triage.textContent = !item.triage ? ''
      : item.triage.corrected_label ? `Triage said ${item.triage.label}; corrected to ${item.triage.corrected_label}.`
        : `Triage: ${item.triage.label}.`;
  }

  function renderNotes() {
    const n = (inbox.notes.get(id) || []).length;
    noteCount.textContent = n ? `${plural(n, 'note', 'notes')} in the thread, in yellow.` : 'No notes yet.';
  }

  const off = subscribe((topic, which) => {
    if ((topic === 'inbox' && which === id) || topic === 'agents') render();
    else if (topic === 'notes' && which === id) renderNotes();
  });
  Promise.all([loadAgents(), loadItem(id), loadNotes(id)]).then(() => { render(); renderNotes(); })
    .catch((e) => {
      // A group the business is in has no place in the inbox: no panel then.
      if (e.status === 422) {
        el.hidden = true;
        onGone();
      } else {
        error.textContent = e.message;
      }
    });

  const form = h('form', { class: 'note-form', onsubmit: (e) => {
    e.preventDefault();
    const text = noteText.value.trim();
    if (!text) return;
    run(async () => { await addNote(id, text); noteText.value = ''; onNote(); });
  } }, h('label', { for: 'note-text' }, 'Internal note'), noteText,
  h('button', { type: 'submit' }, 'Add note'));

  const heading = h('h2', { id: 'inbox-panel-title', tabindex: '-1' }, 'Customer');
  const el = h('aside', { class: 'inbox-panel', id: 'inbox-panel', 'aria-labelledby': 'inbox-panel-title' },
    h('div', { class: 'panel-head' }, heading,
      h('button', { type: 'button', class: 'panel-close', id: 'inbox-panel-close', 'aria-label': 'Close the details',
        onclick: onClose }, 'Close')),
    customer,
    h('div', { class: 'field' }, h('label', { for: 'inbox-status' }, 'Status'), status),
    h('div', { class: 'field' }, h('label', { for: 'inbox-assignee-pick' }, 'Assigned to'),
      h('div', { class: 'row' }, assignee, mine)),
    h('div', { class: 'field' }, h('label', { for: 'inbox-snooze' }, 'Snooze'),
      h('div', { class: 'row' }, snoozePick, snoozed, wake)),
    h('h3', {}, 'Labels'), labels, triage, error,
    h('h3', {}, 'Notes'), noteCount, form);
  return { el, focus: () => heading.focus(), destroy: off };
}
