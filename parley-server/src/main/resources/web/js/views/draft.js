// "New message" to one person (issue 21, point 6): the conversation is created only with its
// first message. Until something is sent this screen exists only in the browser, so walking away
// leaves nothing behind in anyone's list. (A person's POST /conversations takes no text, so the
// client opens the conversation on the first send and sends into it at once.)

import { api, enc } from '../api.js';
import { h } from '../dom.js';
import { otherMembers, refreshConversation, state } from '../store.js';
import { send } from '../outbox.js';
import { nameOf, nameWithHandle } from '../words.js';
import { composer } from './composer.js';

/** An existing direct conversation with this account, if the list holds one. */
export function directWith(accountId) {
  return [...state.convs.values()].find((c) => c.kind === 'direct' && otherMembers(c)[0]?.id === accountId);
}

export function draftView(handle) {
  const title = h('h2', { id: 'conv-title', tabindex: '-1' }, `@${handle}`);
  const sub = h('p', { class: 'sub' }, 'New message');
  const hint = h('p', { class: 'hint draft-hint' }, 'Nothing is sent until you send your first message.');
  let account = null;
  let sending = false;

  async function start(text, files) {
    const c = await api.post('/conversations', { member_ids: [account.id] });
    await refreshConversation(c.id);
    send(c.id, text, null, files);
    location.hash = `#/c/${enc(c.id)}`;
  }

  /** Sends, or on a refusal puts the text back and says why; a business one must like first gets a Like button. */
  async function attempt(text, files) {
    if (!account || sending) {
      box.restore(text); // the composer emptied itself already; nothing went out
      return;
    }
    sending = true;
    try {
      await start(text, files);
    } catch (e) {
      box.restore(text);
      box.showError(e.message, e.code === 'like_required' ? likeAndSend() : null);
    } finally {
      sending = false;
    }
  }

  // Likes the business, then sends what the box holds now (the person may have changed it).
  const likeAndSend = () => h('button', { type: 'button', class: 'primary', id: 'draft-like',
    onclick: async () => {
      try {
        await api.put(`/accounts/${enc(account.id)}/like`);
      } catch (e) {
        box.showError(e.message);
        return;
      }
      box.submit();
    } }, `Like ${nameOf(account)} and send`);

  const box = composer({
    convId: `new-${handle}`,
    onSend: (text, _replyTo, files) => attempt(text, files),
    onEdit: async () => {},
    onTyping: () => {},
  });

  api.get(`/accounts/${enc(handle)}`).then((a) => {
    account = a;
    const open = directWith(a.id);
    if (open) {
      location.replace(`#/c/${enc(open.id)}`);
      return;
    }
    title.textContent = nameOf(a);
    sub.textContent = nameWithHandle(a);
  }).catch((e) => box.showError(e.status === 404 ? `No one has the handle @${handle}.` : e.message));

  return {
    el: h('section', { class: 'conv draft' },
      h('header', { class: 'conv-head' },
        h('a', { class: 'back', href: '#/' }, '←', h('span', { class: 'back-word' }, ' Conversations')),
        h('div', { class: 'head-text' }, title, sub)),
      h('div', { class: 'scroller' }, hint), box.el),
    focus: () => box.focus(),
  };
}
