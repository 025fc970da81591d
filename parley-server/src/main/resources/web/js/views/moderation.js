// The moderators' queue: open reports grouped by the reported account, the most reported first,
// with each report's category, note and the messages it shares; then the message requests held for
// review (release or drop them) and the open appeals (lift the measure, or keep it by dismissing).
// A moderator acts with a reason; the server answers 404 to anyone who is not a moderator, and the
// page then says there is nothing.

import { api, enc } from '../api.js';
import { fill, h } from '../dom.js';

const ACTIONS = [
  ['dismiss', 'Dismiss'], ['warn', 'Warn'], ['restrict', 'Restrict 24 h'], ['suspend', 'Suspend'],
];

export function moderationView() {
  const heading = h('h2', { tabindex: '-1' }, 'Moderation queue');
  const list = h('ul', { class: 'results', id: 'mod-queue' });
  const heldList = h('ul', { class: 'results', id: 'mod-held' });
  const appealList = h('ul', { class: 'results', id: 'mod-appeals' });
  const status = h('p', { role: 'status', id: 'mod-status' });
  const error = h('p', { class: 'error', role: 'alert' });

  async function act(action, target, reasonInput) {
    error.textContent = '';
    const reason = reasonInput.value.trim();
    if (!reason) {
      error.textContent = 'Give a reason first.';
      reasonInput.focus();
      return;
    }
    const body = { action, target, reason };
    if (action === 'restrict') body.until = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    try {
      await api.post('/moderation/actions', body);
      status.textContent = `Done: ${action}.`;
      load();
    } catch (e) {
      error.textContent = e.message;
    }
  }

  function report(r, reasonInput) {
    const shared = (r.snapshot || []).map((s) => h('li', { class: s.message_id === r.message_id ? 'reported' : '' },
      h('small', {}, new Date(s.sent_at).toLocaleString(), ' · ', s.author_id === r.reported ? 'reported' : s.author_kind),
      ' ', s.text || '(unsent)'));
    return h('li', { class: 'mod-report', 'data-report': r.id },
      h('p', {}, h('strong', {}, r.category), ` · ${r.target.kind} · ${new Date(r.created_at).toLocaleString()}`),
      r.note ? h('p', { class: 'note' }, `“${r.note}”`) : null,
      shared.length ? h('ol', { class: 'snapshot' }, shared) : null,
      h('div', { class: 'row' },
        r.message_id ? h('button', { type: 'button', class: 'danger remove-message',
          onclick: () => act('remove_message', { kind: 'message', id: r.message_id }, reasonInput) }, 'Remove message') : null,
        h('button', { type: 'button', class: 'dismiss-report',
          onclick: () => act('dismiss', { kind: 'report', id: r.id }, reasonInput) }, 'Dismiss report')));
  }

  function group(g, i) {
    const reasonId = `mod-reason-${i}`;
    const reason = h('input', { id: reasonId, class: 'mod-reason', placeholder: 'reason (required, logged)' });
    const who = g.account ? `${g.account.display_name} @${g.account.handle}` : 'A group conversation';
    const counts = Object.entries(g.categories).map(([c, n]) => `${c} ${n}`).join(', ');
    return h('li', { class: 'mod-group', 'data-account': g.account ? g.account.id : '' },
      h('h3', {}, who, ` · ${g.count} report${g.count === 1 ? '' : 's'} · ${counts}`),
      h('div', { class: 'row' }, h('label', { for: reasonId }, 'Reason'), reason,
        g.account ? ACTIONS.filter(([a]) => a !== 'dismiss').map(([a, label]) => h('button', { type: 'button',
          class: `mod-${a}`, onclick: () => act(a, { kind: 'account', id: g.account.id }, reason) }, label)) : null),
      h('ul', { class: 'mod-reports' }, g.reports.map((r) => report({ ...r, reported: g.account?.id }, reason))));
  }

  const who = (a) => (a ? `${a.display_name} @${a.handle}` : 'An erased account');

  /** One sender whose requests are held: what they wrote to whom, and release or drop. */
  function held(g, i) {
    const reasonId = `held-reason-${i}`;
    const reason = h('input', { id: reasonId, class: 'mod-reason', placeholder: 'reason (required, logged)' });
    const target = { kind: 'account', id: g.account ? g.account.id : g.requests[0]?.sender_id };
    return h('li', { class: 'mod-held', 'data-account': target.id || '' },
      h('h3', {}, who(g.account), ` · ${g.count} held request${g.count === 1 ? '' : 's'}`),
      h('ol', { class: 'snapshot' }, g.requests.map((r) => h('li', {},
        h('small', {}, new Date(r.created_at).toLocaleString()), ' ', r.text || '(no text)'))),
      h('div', { class: 'row' }, h('label', { for: reasonId }, 'Reason'), reason,
        h('button', { type: 'button', class: 'release-requests',
          onclick: () => act('release_requests', target, reason) }, 'Release to recipients'),
        h('button', { type: 'button', class: 'danger drop-requests',
          onclick: () => act('drop_requests', target, reason) }, 'Drop')));
  }

  /** One open appeal with the measure it answers: lift the measure, or keep it (dismiss closes the appeal). */
  function appeal(a, i) {
    const reasonId = `appeal-reason-${i}`;
    const reason = h('input', { id: reasonId, class: 'mod-reason', placeholder: 'reason (required, logged)' });
    const target = { kind: 'account', id: a.account.id };
    const n = a.notice;
    const measure = n ? `${n.action}${n.until ? ` until ${new Date(n.until).toLocaleString()}` : ''}: “${n.reason}”` : 'no measure on record';
    return h('li', { class: 'mod-appeal', 'data-appeal': a.id },
      h('h3', {}, who(a.account), ` · appealed ${new Date(a.created_at).toLocaleString()}`),
      h('p', { class: 'note' }, `“${a.text}”`),
      h('p', {}, h('small', {}, `Answers: ${measure}`)),
      h('div', { class: 'row' }, h('label', { for: reasonId }, 'Reason'), reason,
        h('button', { type: 'button', class: 'lift-measure', onclick: () => act('lift', target, reason) }, 'Lift the measure'),
        h('button', { type: 'button', class: 'keep-measure', onclick: () => act('dismiss', target, reason) }, 'Keep it')));
  }

  async function section(el, path, render, empty) {
    try {
      const { items } = await api.get(path);
      fill(el, items.length ? items.map(render) : h('li', {}, empty));
    } catch (e) {
      fill(el, h('li', {}, e.status === 404 ? 'Nothing here.' : e.message));
    }
  }

  async function load() {
    try {
      const q = await api.get(`/moderation/reports?status=${enc('open')}`);
      fill(list, q.groups.length ? q.groups.map(group) : h('li', {}, 'No open reports.'));
    } catch (e) {
      fill(list, h('li', {}, e.status === 404 ? 'Nothing here.' : e.message));
    }
    section(heldList, '/moderation/held', held, 'No held requests.');
    section(appealList, '/moderation/appeals', appeal, 'No open appeals.');
  }

  load();
  return {
    el: h('section', { class: 'page moderation' }, heading, status, error, list,
      h('h2', {}, 'Held message requests'), heldList, h('h2', {}, 'Appeals'), appealList),
    focus: () => heading.focus(),
  };
}
