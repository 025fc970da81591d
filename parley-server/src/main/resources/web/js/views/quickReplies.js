// Under a bot's message that offers questions (its `quick_replies`: the FAQ bot's starter questions),
// one button per question until the customer writes after it: pressing one sends that question as
// the customer's message, as if typed, and the bot answers it. The message's text lists them too (for
// clients without buttons): while the buttons show, the bubble leaves that list out, so each question
// shows once; once they go, the text is whole again.

import { h } from '../dom.js';
import { send } from '../outbox.js';
import { actorId, sortedMessages } from '../store.js';

/** @param rerender redraws the messages once a button was pressed */
export function quickRepliesHook(conversationId, rerender) {
  const used = new Set(); // messages whose buttons were pressed here: they go at once, before the send shows

  function isOpen(m) {
    if (m.author_kind !== 'bot' || m.deleted || !m.quick_replies?.length || used.has(m.id)) return false;
    const me = actorId();
    return !sortedMessages(conversationId).some((x) => x.seq > m.seq && x.sender_id === me);
  }

  function pick(m, text) {
    used.add(m.id);
    send(conversationId, text);
    rerender();
  }

  function extra(m) {
    if (!isOpen(m)) return null;
    return h('div', { class: 'row quick-replies', id: `quick-replies-${m.id}`, role: 'group', 'aria-label': 'Ask the bot' },
      m.quick_replies.map((q) => h('button', { type: 'button', class: 'chip', onclick: () => pick(m, q) }, q)));
  }

  /** The text to show: without its closing list of questions while they are buttons under it. */
  function text(m) {
    if (!isOpen(m)) return m.text;
    const list = m.quick_replies.map((q) => `\n• ${q}`).join('');
    return m.text.endsWith(list) ? m.text.slice(0, -list.length) : m.text;
  }

  const sig = (m) => (m.author_kind === 'bot' ? isOpen(m) : null);
  return { extra, sig, text };
}
