// "New messages ↓" over the thread's foot (what every chat app shows): a message from someone else
// arrived while the reader had scrolled up to read older ones, so it landed out of sight. Without
// it nothing said so. Pressing it goes to the bottom; reaching the bottom by scrolling hides it.

import { h } from '../dom.js';
import { actorId } from '../store.js';

/** @param jump scrolls the thread to its newest message */
export function newBelow(jump) {
  let newest = 0; // the newest seq already drawn
  const el = h('button', { type: 'button', class: 'new-below', id: 'new-messages', hidden: true,
    onclick: () => { el.hidden = true; jump(); } }, 'New messages ↓');
  return {
    el,
    /**
     * After each drawing of the thread: messages sorted oldest first, and whether the reader was at
     * the bottom (then the new ones are in sight, and there is nothing to say).
     */
    drawn(messages, atBottom) {
      const fresh = messages.filter((m) => m.seq > newest);
      if (messages.length) newest = Math.max(newest, messages.at(-1).seq);
      if (atBottom) el.hidden = true;
      else if (fresh.some((m) => m.sender_id !== actorId() && m.author_kind !== 'system')) el.hidden = false;
    },
    atBottom() { el.hidden = true; },
  };
}
