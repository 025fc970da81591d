// One message in a conversation: text (its links clickable, the first with a preview card), reply
// quote, reactions (any emoji; who reacted shows on hover or focus), "Seen" when a reader reached
// it, and its actions (react, reply, edit and unsend within the rules' windows, report) in one menu
// (messageMenu.js) that takes no room; or a send still in the outbox.

import { act, enc } from '../api.js';
import { h } from '../dom.js';
import { findLinks, linkCard, linkify } from '../links.js';
import { attachmentList } from './attachments.js';
import { openReport } from './report.js';
import { menuButton, menuGestures } from './messageMenu.js';
import { systemText } from './systemLine.js';
import { confirmDialog } from './dialog.js';
import { openEmojiPicker } from './emojiPicker.js';
import { actorId, person, state } from '../store.js';
import { HIDDEN_WORDS, authorLabel, fullTime, initials, nameOf, shortTime } from '../words.js';

/** The quick reactions offered first; any other emoji is one "More" away. */
export const EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

/** Messages the reader chose to show although they hold one of their hidden words (this page's life). */
const revealed = new Set();

/** A message folded by the reader's hidden words: tap to show. */
function hiddenText(m) {
  const button = h('button', { type: 'button', class: 'link show-hidden', onclick: () => {
    revealed.add(m.id);
    button.parentElement.replaceWith(h('p', { class: 'text', dir: 'auto' }, linkify(m.text)));
  } }, 'Show');
  return h('p', { class: 'text gone' }, `${HIDDEN_WORDS} · `, button);
}

const within = (iso, seconds) => seconds === null || seconds === undefined
  || Date.now() < new Date(iso).getTime() + seconds * 1000;

/** Whether one's own message may still be edited and unsent, by the rules' windows as of now. */
const windows = (m, mine) => {
  const rules = state.rules || {};
  const open = mine && !m.deleted;
  return { edit: open && within(m.created_at, rules.edit_window_seconds),
    unsend: open && within(m.created_at, rules.unsend_window_seconds) };
};

/**
 * @param ctx { group, quoteOf(id) -> message|undefined, onReply(m), onEdit(m), onError(text),
 *              onRetry(clientId), onDiscard(clientId), onCard() }
 * @param place { first, last, seenBy } from threadLayout: its place in a run of one sender's
 *              messages, and the readers whose "Seen" sits under it
 */
export function messageItem(m, prev, ctx, place = { first: true, last: true, seenBy: null }) {
  if (m.pending) return pendingItem(m, prev, ctx, place);
  if (m.author_kind === 'system') return systemItem(m, prev);
  const mine = m.sender_id === actorId();
  const { edit: canEdit, unsend: canUnsend } = windows(m, mine);
  const quoted = m.reply_to ? ctx.quoteOf(m.reply_to) : null;
  const from = person(m.sender_id);
  const sender = nameOf(from);
  const seen = seenWords(place.seenBy, ctx.group);
  const sig = JSON.stringify([m, canEdit, canUnsend, quoted?.text, quoted?.deleted, sender, from.handle, ctx.group,
    ctx.extraSig?.(m), place.first, place.last, seen]);
  if (prev && prev.dataset.sig === sig) return prev;

  const label = authorLabel(m.author_kind);
  const folded = m.hidden && !revealed.has(m.id); // no preview card gives a hidden message away
  const link = m.deleted || folded ? null : findLinks(m.text)[0];
  const body = m.deleted
    ? h('p', { class: 'text gone' }, m.removed_by === 'moderation' ? 'Removed by moderation' : 'Message unsent')
    : folded ? hiddenText(m)
    // dir="auto": Arabic or Hebrew reads right to left, aligned to the right, inside the left-to-right page.
    : h('p', { class: 'text', dir: 'auto' }, linkify(ctx.textOf ? ctx.textOf(m) : m.text));
  const theirsInGroup = ctx.group && !mine;
  const runClass = `${place.first ? ' run-first' : ''}${place.last ? ' run-last' : ''}`;
  const li = h('li', { class: `msg ${mine ? 'mine' : 'theirs'}${m.deleted ? ' deleted' : ''}${runClass}`, id: `m-${m.seq}`,
    'data-sig': sig, 'data-client-id': m.client_id, tabindex: '-1' },
  theirsInGroup && place.first ? h('p', { class: 'sender' }, sender, from.handle ? h('span', { class: 'hint' }, ` @${from.handle}`) : null) : null,
  // An unsent message says nothing more, not even what it answered (the probe of 8 Dec: its tombstone
  // still quoted the message it replied to).
  m.reply_to && !m.deleted ? quote(quoted) : null,
  h('div', { class: 'msg-row' },
    // One avatar per run, beside its last bubble, as Messenger draws a group.
    theirsInGroup ? h('span', { class: `run-avatar${place.last ? '' : ' spacer'}`, 'aria-hidden': 'true' },
      place.last ? initials(from) : '') : null,
    h('div', { class: 'bubble' },
      mine ? h('span', { class: 'vh' }, 'You: ') : ctx.group ? null : h('span', { class: 'vh' }, `${sender}: `),
      m.deleted ? null : attachmentList(m.attachments),
      m.deleted || m.text || !m.attachments?.length ? body : null,
      link ? linkCard(link.href, ctx.onCard) : null,
      h('p', { class: 'meta' },
        h('time', { datetime: m.created_at, title: fullTime(m.created_at) }, shortTime(m.created_at)),
        m.edited_at && !m.deleted ? ' · edited' : '',
        // Only the business's own agents are told which of them wrote it.
        m.agent_name ? h('span', { class: 'agent' }, ` · by ${m.agent_name}`) : null))),
  // Automatic replies and bots are labelled for everyone, customers and agents alike.
  label ? h('p', { class: 'author-kind' }, label) : null,
  // What a feature puts under a message (the customer's rating buttons under the rating question).
  ctx.extra?.(m) || null,
  m.deleted ? null : reactions(m, ctx),
  seen ? seenLine(place.seenBy, seen, ctx.group) : null);
  if (!m.deleted) {
    // No buttons under the bubble: one menu, from a long press, a right-click or the "⋯" (point 8).
    // The windows are read again when the menu opens: a thread left open past them draws nothing
    // new, and a menu still offering Edit or Unsend then only earned a "too late".
    const spec = () => {
      const now = windows(m, mine);
      return menuSpec(m, ctx, now.edit, now.unsend, mine ? null : sender);
    };
    li.querySelector('.msg-row').append(menuButton(m.id, spec));
    menuGestures(li, spec);
    li.msgActions = spec; // the keyboard shortcuts (R, ↑) act through the same actions
  }
  return li;
}

/** "Seen" in a direct conversation; "Seen by Ann, Bob" in a group. */
function seenWords(readers, group) {
  if (!readers?.length) return '';
  return group ? `Seen by ${readers.map((r) => nameOf(person(r.id))).join(', ')}` : 'Seen';
}

function seenLine(readers, words, group) {
  return h('p', { class: 'seen', 'aria-label': words },
    group ? readers.map((r) => h('span', { class: 'seen-face', title: nameOf(person(r.id)), 'aria-hidden': 'true' },
      initials(person(r.id)))) : null,
    h('span', { class: 'seen-words' }, words));
}

/** A line the server wrote about the conversation itself: "Ann renamed the group ‘Trip’". */
function systemItem(m, prev) {
  const words = systemText(m);
  const sig = JSON.stringify(['system', words, m.created_at]);
  if (prev && prev.dataset.sig === sig) return prev;
  return h('li', { class: 'system-line', id: `m-${m.seq}`, 'data-sig': sig },
    h('span', {}, words), ' ',
    h('time', { datetime: m.created_at, title: fullTime(m.created_at) }, shortTime(m.created_at)));
}

function quote(q) {
  const text = !q ? 'an earlier message' : q.deleted ? 'Message unsent'
    : q.text ? q.text.slice(0, 120) : q.attachments?.length ? 'an attachment' : '';
  const who = q ? nameOf(person(q.sender_id)) : '';
  // The quoted words on their own line, with their own direction: an Arabic or Hebrew quote reads right to
  // left and sits on the right, where inline in "Ann: …" it took the English line's direction.
  return h('blockquote', { class: 'quote' }, h('span', { class: 'vh' }, 'In reply to '),
    who ? h('strong', { class: 'quote-who' }, `${who}: `) : null, h('span', { class: 'quote-text', dir: 'auto' }, text));
}

function toggleReaction(m, emoji, mine, ctx) {
  const path = `/messages/${enc(m.id)}/reactions/${enc(emoji)}`;
  (mine ? act.del(path) : act.put(path)).catch((e) => ctx.onError(e.message));
}

/** Names who reacted with each emoji, fetched when a chip is first hovered or focused. */
async function whoReacted(m, chips) {
  try {
    const { reactions: list } = await act.get(`/messages/${enc(m.id)}/reactions`);
    for (const r of list) {
      const chip = chips.find((c) => c.dataset.emoji === r.emoji);
      if (!chip) continue;
      const names = r.account_ids.map((id) => (id === actorId() ? 'You' : nameOf(person(id))));
      chip.title = `${names.join(', ')} reacted ${r.emoji}`;
      chip.setAttribute('aria-label', `${r.emoji} ${names.length}: ${names.join(', ')}`);
    }
  } catch {
    // Without the names the chip still shows the count.
  }
}

function reactions(m, ctx) {
  const entries = Object.entries(m.reactions || {});
  if (!entries.length) return null;
  let asked = false;
  const chips = entries.map(([emoji, r]) => h('button', {
    type: 'button', class: 'chip', 'aria-pressed': String(r.mine), 'data-fk': `chip-${m.id}-${emoji}`, 'data-emoji': emoji,
    'aria-label': `${emoji} ${r.count}${r.mine ? ', including you' : ''}`,
    onclick: () => toggleReaction(m, emoji, r.mine, ctx),
  }, `${emoji} ${r.count}`));
  const ask = () => {
    if (asked) return;
    asked = true;
    whoReacted(m, chips);
  };
  return h('div', { class: 'reactions', role: 'group', 'aria-label': 'Reactions', onpointerenter: ask, onfocusin: ask }, chips);
}

/**
 * What the message's menu offers (issue 21 point 8): reactions, then reply, edit and unsend within
 * the rules' windows, copy, and report for someone else's message. Built when the menu opens.
 */
function menuSpec(m, ctx, canEdit, canUnsend, reportable) {
  const react = (e) => toggleReaction(m, e, Boolean(m.reactions?.[e]?.mine), ctx);
  const items = [
    { id: 'reply', label: 'Reply', run: () => ctx.onReply(m) },
    canEdit ? { id: 'edit', label: 'Edit', run: () => ctx.onEdit(m) } : null,
    m.text ? { id: 'copy', label: 'Copy text', run: () => navigator.clipboard?.writeText(m.text).catch(() => {}) } : null,
    canUnsend ? { id: 'unsend', label: 'Unsend', danger: true, run: async () => {
      const sure = await confirmDialog({ title: 'Unsend this message?',
        body: 'It will be removed for everyone in the conversation.', confirm: 'Unsend' });
      if (sure) act.del(`/messages/${enc(m.id)}`).catch((e) => ctx.onError(e.message));
    } } : null,
    reportable && m.author_kind !== 'system'
      ? { id: 'report', label: 'Report', danger: true, run: () => openReport({ kind: 'message', id: m.id }, reportable) } : null,
  ].filter(Boolean);
  return {
    label: 'Message actions',
    quick: EMOJI,
    onReact: react,
    onMoreReactions: (opener) => openEmojiPicker({ label: 'Pick a reaction', opener, onPick: react }),
    items,
  };
}

/**
 * A message not yet on the server (outbox.js): "Sending…"; waiting for the connection (with "Retry"
 * only while the network is up, since it would fail before); or refused, with the reason and no
 * "Retry", since sending it again would be refused again, but "Edit", which puts its words back in
 * the box. Either may be discarded.
 */
function pendingItem(p, prev, ctx, place) {
  const offline = navigator.onLine === false;
  const refused = p.status === 'refused';
  const waiting = p.status === 'waiting';
  const canRetry = waiting && Boolean(p.error) && !offline;
  const sig = JSON.stringify([p.status, p.error, p.text, place.first, place.last, offline]);
  if (prev && prev.dataset.sig === sig) return prev;
  const failed = refused || (waiting && Boolean(p.error));
  const runClass = `${place.first ? ' run-first' : ''}${place.last ? ' run-last' : ''}`;
  const state = refused ? 'Not sent' : waiting ? 'Waiting to send' : 'Sending…';
  return h('li', { class: `msg mine pending${runClass}${failed ? ' failed' : ''}${refused ? ' refused' : ''}`,
    'data-sig': sig, 'data-client-id': p.client_id, 'data-status': p.status },
  h('div', { class: 'bubble' }, h('span', { class: 'vh' }, 'You: '), h('p', { class: 'text', dir: 'auto' }, p.text),
    h('p', { class: 'meta' }, state)),
  failed ? h('p', { class: 'fail', role: 'alert' }, p.error,
    waiting ? ' It will be sent by itself as soon as it can.' : '') : null,
  failed ? h('div', { class: 'actions shown' },
    canRetry ? h('button', { type: 'button', class: 'retry', 'data-fk': `retry-${p.client_id}`,
      onclick: () => ctx.onRetry(p.client_id) }, 'Retry') : null,
    // A refusal left only "Discard", which threw away what was typed (a text over the length limit,
    // a second message to a request not yet accepted): its words go back into the box to be changed
    // or sent again. Not with files, which the box would not get back.
    refused && !p.attachments?.length && ctx.onRestore ? h('button', { type: 'button', class: 'restore',
      'data-fk': `restore-${p.client_id}`, onclick: () => ctx.onRestore(p) }, 'Edit') : null,
    h('button', { type: 'button', class: 'discard', 'data-fk': `discard-${p.client_id}`,
      onclick: () => ctx.onDiscard(p.client_id) }, 'Discard')) : null);
}
