// Under the FAQ bot's "Did you mean …?", while it is the conversation's newest message: Yes and No
// buttons that send the customer's short answer as they would type it (the node reads "Yes" as the
// answer to the question it suggested, "No" as a miss; automation/AskBack).

import { h } from '../dom.js';
import { send } from '../outbox.js';

const ASKED = /Did you mean: \u201c/;

/**
 * @param latest   the id of the conversation's newest message
 * @param rerender redraws the messages once a button was pressed
 */
export function askBackHook(conversationId, latest, rerender) {
  const answered = new Set(); // questions answered here: their buttons go at once, before the reply shows

  function isOpen(m) {
    return m.author_kind === 'bot' && !m.deleted && ASKED.test(m.text || '') && latest() === m.id && !answered.has(m.id);
  }

  function answer(m, text) {
    answered.add(m.id);
    send(conversationId, text);
    rerender();
  }

  function extra(m) {
    if (!isOpen(m)) return null;
    return h('div', { class: 'row ask-back', id: `ask-back-${m.id}`, role: 'group', 'aria-label': 'Answer the bot' },
      h('button', { type: 'button', class: 'chip', onclick: () => answer(m, 'Yes') }, 'Yes'),
      h('button', { type: 'button', class: 'chip', onclick: () => answer(m, 'No') }, 'No'));
  }

  const sig = (m) => (m.author_kind === 'bot' ? isOpen(m) : null);
  return { extra, sig };
}
