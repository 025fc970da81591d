// One message in a conversation: text, reply quote, reactions and its actions (reply, react,
// edit and unsend within the rules' windows), or a send still in flight or failed.

import { act, enc } from '../api.js';
import { h } from '../dom.js';
import { attachmentList } from './attachments.js';
import { actorId, person, state } from '../store.js';
import { authorLabel, fullTime, nameOf, shortTime } from '../words.js';

export const EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

/** Messages the reader chose to show although they hold one of their hidden words (this page's life). */
const revealed = new Set();

/** A message folded by the reader's hidden words: tap to show. */
function hiddenText(m) {
  const button = h('button', { type: 'button', class: 'link show-hidden', onclick: () => {
    revealed.add(m.id);
    button.parentElement.replaceWith(h('p', { class: 'text' }, m.text));
  } }, 'Show');
  return h('p', { class: 'text gone' }, 'Hidden by your hidden words · ', button);
}

const within = (iso, seconds) => seconds === null || seconds === undefined
  || Date.now() < new Date(iso).getTime() + seconds * 1000;

/**
 * @param ctx { group, quoteOf(id) -> message|undefined, onReply(m), onEdit(m), onError(text),
 *              onRetry(clientId), onDiscard(clientId) }
 */
export function messageItem(m, prev, ctx) {
  if (m.pending) return pendingItem(m, prev, ctx);
  const mine = m.sender_id === actorId();
  const rules = state.rules || {};
  const canEdit = mine && !m.deleted && within(m.created_at, rules.edit_window_seconds);
  const canUnsend = mine && !m.deleted && within(m.created_at, rules.unsend_window_seconds);
  const quoted = m.reply_to ? ctx.quoteOf(m.reply_to) : null;
  const from = person(m.sender_id);
  const sender = nameOf(from);
  const sig = JSON.stringify([m, canEdit, canUnsend, quoted?.text, quoted?.deleted, sender, from.handle, ctx.group,
    ctx.extraSig?.(m)]);
  if (prev && prev.dataset.sig === sig) return prev;

  const label = authorLabel(m.author_kind);
  const body = m.deleted
    ? h('p', { class: 'text gone' }, m.removed_by === 'moderation' ? 'Removed by moderation' : 'Message unsent')
    : m.hidden && !revealed.has(m.id) ? hiddenText(m)
    : h('p', { class: 'text' }, m.text);
  return h('li', { class: `msg ${mine ? 'mine' : 'theirs'}${m.deleted ? ' deleted' : ''}`, id: `m-${m.seq}`,
    'data-sig': sig, 'data-client-id': m.client_id, tabindex: '-1' },
  ctx.group && !mine ? h('p', { class: 'sender' }, sender, from.handle ? h('span', { class: 'hint' }, ` @${from.handle}`) : null) : null,
  m.reply_to ? quote(quoted) : null,
  h('div', { class: 'bubble' },
    mine ? h('span', { class: 'vh' }, 'You: ') : ctx.group ? null : h('span', { class: 'vh' }, `${sender}: `),
    m.deleted ? null : attachmentList(m.attachments),
    m.deleted || m.text || !m.attachments?.length ? body : null,
    h('p', { class: 'meta' },
      h('time', { datetime: m.created_at, title: fullTime(m.created_at) }, shortTime(m.created_at)),
      m.edited_at && !m.deleted ? ' · edited' : '',
      // Only the business's own agents are told which of them wrote it.
      m.agent_name ? h('span', { class: 'agent' }, ` · by ${m.agent_name}`) : null)),
  // Automatic replies and bots are labelled for everyone, customers and agents alike.
  label ? h('p', { class: 'author-kind' }, label) : null,
  // What a feature puts under a message (the customer's rating buttons under the rating question).
  ctx.extra?.(m) || null,
  m.deleted ? null : reactions(m, ctx),
  m.deleted ? null : actions(m, ctx, canEdit, canUnsend));
}

function quote(q) {
  const text = !q ? 'an earlier message' : q.deleted ? 'Message unsent'
    : q.text ? q.text.slice(0, 120) : q.attachments?.length ? 'an attachment' : '';
  const who = q ? nameOf(person(q.sender_id)) : '';
  return h('blockquote', { class: 'quote' }, h('span', { class: 'vh' }, 'In reply to '),
    who ? h('strong', {}, `${who}: `) : null, text);
}

function toggleReaction(m, emoji, mine, ctx) {
  const path = `/messages/${enc(m.id)}/reactions/${enc(emoji)}`;
  (mine ? act.del(path) : act.put(path)).catch((e) => ctx.onError(e.message));
}

function reactions(m, ctx) {
  const entries = Object.entries(m.reactions || {});
  if (!entries.length) return null;
  return h('div', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' },
    entries.map(([emoji, r]) => h('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(r.mine), 'data-fk': `chip-${m.id}-${emoji}`,
      'aria-label': `${emoji} ${r.count}${r.mine ? ', including you' : ''}`,
      onclick: () => toggleReaction(m, emoji, r.mine, ctx),
    }, `${emoji} ${r.count}`)));
}

function actions(m, ctx, canEdit, canUnsend) {
  const react = h('details', { class: 'react' },
    h('summary', { 'data-fk': `react-${m.id}` }, 'React'),
    h('div', { class: 'emoji', role: 'group', 'aria-label': 'Pick a reaction' },
      EMOJI.map((e) => h('button', { type: 'button', 'aria-label': `React ${e}`, 'data-fk': `emoji-${m.id}-${e}`,
        onclick: () => {
          react.open = false;
          react.firstElementChild.focus(); // the picker closes; focus returns to "React"
          toggleReaction(m, e, Boolean(m.reactions?.[e]?.mine), ctx);
        } }, e))));
  return h('div', { class: 'actions' },
    h('button', { type: 'button', 'data-fk': `reply-${m.id}`, onclick: () => ctx.onReply(m) }, 'Reply'),
    react,
    canEdit ? h('button', { type: 'button', 'data-fk': `edit-${m.id}`, onclick: () => ctx.onEdit(m) }, 'Edit') : null,
    canUnsend ? h('button', { type: 'button', 'data-fk': `unsend-${m.id}`, onclick: () => {
      act.del(`/messages/${enc(m.id)}`).catch((e) => ctx.onError(e.message));
    } }, 'Unsend') : null);
}

function pendingItem(p, prev, ctx) {
  const sig = JSON.stringify([p.status, p.error, p.text]);
  if (prev && prev.dataset.sig === sig) return prev;
  const failed = p.status === 'failed';
  return h('li', { class: `msg mine pending${failed ? ' failed' : ''}`, 'data-sig': sig,
    'data-client-id': p.client_id },
  h('div', { class: 'bubble' }, h('span', { class: 'vh' }, 'You: '), h('p', { class: 'text' }, p.text),
    h('p', { class: 'meta' }, failed ? 'Not sent' : 'Sending…')),
  failed ? h('p', { class: 'fail', role: 'alert' }, p.error) : null,
  failed ? h('div', { class: 'actions shown' },
    h('button', { type: 'button', class: 'retry', 'data-fk': `retry-${p.client_id}`,
      onclick: () => ctx.onRetry(p.client_id) }, 'Retry'),
    h('button', { type: 'button', 'data-fk': `discard-${p.client_id}`,
      onclick: () => ctx.onDiscard(p.client_id) }, 'Discard')) : null);
}
