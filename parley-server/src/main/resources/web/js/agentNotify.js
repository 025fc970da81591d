// Notifications for a business's agents. The server's one decision tells a conversation's
// members, and in a customer conversation the member is the business, not the agent; so while an
// agent's client is open for the business (a background tab too), it tells the agent itself: a
// conversation newly assigned to them, and each new customer message in one assigned to them.
// It hears events before inbox.js does, so it can compare an item with the one it replaces.
// While the tab is hidden and this browser is a push device, the node pushes the same news (its
// one decision covers agents too), so the page stays quiet rather than notify twice.

import { inbox } from './inbox.js';
import { pushedHere, showLocal } from './notify.js';
import { onEventFirst, person, state } from './store.js';
import { nameOf } from './words.js';

function looking(conversationId) {
  return document.visibilityState === 'visible' && location.hash.startsWith(`#/c/${encodeURIComponent(conversationId)}`);
}

onEventFirst((e) => {
  if (!state.acting || !state.me) return;
  if (document.visibilityState !== 'visible' && pushedHere()) return;
  const d = e.data || {};
  const id = e.conversation_id;
  if (e.type === 'inbox.updated' && d.item) {
    const before = inbox.items.get(id);
    const mineNow = d.item.assignee?.id === state.me.id;
    const mineBefore = before?.assignee?.id === state.me.id;
    if (mineNow && !mineBefore && d.item.status === 'open' && !looking(id)) {
      const customer = state.convs.get(id)?.members?.find((m) => m.id !== state.acting.id);
      showLocal(`New conversation for you at ${nameOf(state.acting)}`,
        customer ? `From ${nameOf(customer)}` : 'A customer is waiting', id);
    }
  }
  if (e.type === 'message.created' && d.message && d.message.sender_id !== state.acting.id
      && !['system', 'automation', 'bot'].includes(d.message.author_kind)
      && inbox.items.get(id)?.assignee?.id === state.me.id && !looking(id)) {
    showLocal(nameOf(person(d.message.sender_id)), d.message.text || 'New message', id);
  }
});
