// A conversation: header, the message request banner, messages updating live, "Seen",
// "typing…" and the composer. For a business's agents, the inbox panel beside it (a drawer the
// header's "Details" button opens when the pane is narrow) and the team's notes in the thread.

import { act, api, enc } from '../api.js';
import { fill, h, patchList } from '../dom.js';
import {
  changed, forgetConversation, isRequest, loadHistory, messagesOf, otherMembers, person,
  refreshConversation, sortedMessages, state, subscribe,
} from '../store.js';
import { discard, retry, send } from '../outbox.js';
import { sendFrame } from '../sync.js';
import { conversationName, nameOf, nameWithHandle, plural } from '../words.js';
import { composer } from './composer.js';
import { inboxPanel } from './inboxPanel.js';
import { messageItem } from './message.js';
import { muteMenu } from './muteMenu.js';
import { newBelow } from './newBelow.js';
import { offer } from '../notify.js';
import { ratingHook } from './rating.js';
import { askBackHook } from './askBack.js';
import { quickRepliesHook } from './quickReplies.js';
import { replyPicker } from './replyPicker.js';
import { noteItem, threadEntries } from './thread.js';
import { layOut } from './threadLayout.js';
import { confirmDialog } from './dialog.js';

export function conversationView(id, focusSeq) {
  const title = h('h2', { id: 'conv-title', tabindex: '-1' });
  const sub = h('p', { class: 'sub' });
  const links = h('div', { class: 'head-actions' });
  const banner = h('div', { class: 'banner', hidden: true });
  // A list that announces new messages: role="log" would hide the list from screen readers (its
  // items would then sit in no list, an axe-core serious finding), so the live region is stated.
  const list = h('ol', { class: 'messages', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-labelledby': 'conv-title' });
  const earlier = h('button', { type: 'button', class: 'earlier', hidden: true, onclick: () => older() }, 'Load earlier messages');
  const below = newBelow(() => { toBottom(); pinned = true; });
  const scroller = h('div', { class: 'scroller' }, earlier, list, below.el);
  // Whoever the person blocked is named as such, with the way back, instead of a refused composer.
  const blockedBar = h('div', { class: 'blocked-bar', id: 'blocked-bar', role: 'status', hidden: true });
  const typing = h('p', { class: 'typing', 'aria-live': 'polite' });
  const notice = h('p', { class: 'error', role: 'alert' });
  const box = composer({
    convId: id,
    onSend: (text, replyTo, files) => { stickToBottom = true; send(id, text, replyTo, files); },
    onEdit: (m, text) => act.patch(`/messages/${enc(m.id)}`, { text }),
    onTyping: () => sendFrame({ type: 'typing', conversation_id: id }),
    // A business's agents pick saved replies with "/shortcut".
    addOn: state.acting ? (input) => replyPicker(id, input) : null,
    // The business rules' verdict on the draft, as the agent types (reply window, promotion, consent).
    check: state.acting ? (text) => act.post(`/conversations/${enc(id)}/messages/check`, { text }) : null,
  });
  const panel = state.acting ? inboxPanel(id, {
    onClose: () => openDrawer(false),
    onNote: () => { stickToBottom = true; renderMessages(); openDrawer(false); },
    onGone: () => { toggle.hidden = true; },
  }) : null;
  // Only shown while the pane is too narrow for the panel's column (see app.css).
  const toggle = panel ? h('button', { type: 'button', class: 'panel-toggle', id: 'inbox-panel-toggle',
    'aria-controls': 'inbox-panel', 'aria-expanded': 'false', onclick: () => openDrawer(!drawerOpen) }, 'Details') : null;
  let drawerOpen = false;
  // A person writing to a business is told its team and bots read the conversation.
  const bizNotice = h('p', { class: 'biz-notice', id: 'biz-notice', role: 'note', hidden: true });
  let stickToBottom = true;
  let missing = false;
  let shown = false;

  const ctx = {
    get group() { return state.convs.get(id)?.kind === 'group'; },
    quoteOf: (mid) => [...messagesOf(id).bySeq.values()].find((m) => m.id === mid),
    onReply: (m) => box.replyTo(m),
    onEdit: (m) => box.edit(m),
    onError: (text) => { notice.textContent = text; },
    onRetry: (clientId) => { notice.textContent = ''; retry(id, clientId); },
    onDiscard: (clientId) => { discard(id, clientId); box.focus(); },
    // A refused message's words back in the box (after what is there already), out of the outbox.
    onRestore: (p) => {
      discard(id, p.client_id);
      box.restore(box.text.trim() ? `${box.text}\n${p.text}` : p.text);
      box.focus();
    },
    // A preview card came in: the newest line stays in view if the reader was there.
    onCard: () => { if (nearBottom(320)) scroller.scrollTop = scroller.scrollHeight; },
  };
  // The customer answers a business's rating question, and the FAQ bot's "Did you mean …?", with buttons under it.
  const redraw = () => { if (list.isConnected) renderMessages(); };
  const rating = state.acting ? null : ratingHook(id, redraw);
  const askBack = state.acting ? null : askBackHook(id, () => sortedMessages(id).at(-1)?.id, redraw);
  // And the bot's starter questions, one button each.
  const quick = state.acting ? null : quickRepliesHook(id, redraw);
  ctx.extra = rating && ((m) => rating.extra(m) || askBack.extra(m) || quick.extra(m));
  ctx.extraSig = rating && ((m) => [rating.sig(m), askBack.sig(m), quick.sig(m)]);
  ctx.textOf = quick && quick.text;

  // Mute is a person's own: a business's agents answering for it have no such menu. Kept open across re-renders.
  let menuKey = '';
  let menu = null;
  const mine = (c) => {
    if (state.acting) return null;
    if (menuKey !== String(c.muted_until)) {
      menuKey = String(c.muted_until);
      menu = muteMenu(c);
    }
    return menu;
  };

  function renderHead() {
    const c = state.convs.get(id);
    if (c) shown = true;
    else if (shown) missing = true; // removed from the group, or a declined request
    if (!c) {
      title.textContent = missing ? 'Conversation not found' : 'Loading…';
      sub.textContent = missing ? "It doesn't exist, or you are no longer in it." : '';
      // Removed from the group while it was open: its Members link, its mute menu and a composer
      // whose every send came back "Not sent · No such conversation" only invited what cannot be.
      if (missing) {
        links.replaceChildren();
        box.el.hidden = true;
        blockedBar.hidden = false;
        fill(blockedBar, h('p', {}, "You can't send messages here: you are no longer in this conversation."),
          h('a', { class: 'button', href: '#/' }, 'Back to your conversations'));
      }
      return;
    }
    title.textContent = conversationName(c);
    if (c.kind === 'direct') {
      const other = otherMembers(c)[0];
      const online = other && state.online.has(other.id);
      fill(sub, other ? `@${other.handle}` : '', online ? h('span', { class: 'online' }, h('span', { class: 'dot' }), ' Online') : '');
      fill(links, other ? h('a', { class: 'button', href: `#/p/${enc(other.handle)}` }, 'Profile') : null, mine(c));
    } else {
      fill(sub, plural(c.members.length, 'member', 'members'));
      fill(links, h('a', { class: 'button', href: `#/c/${enc(id)}/members` }, 'Members'), mine(c));
    }
    renderBanner(c);
    checkBlocked(c);
    bizNotice.hidden = !c.notice;
    bizNotice.textContent = c.notice?.text || '';
  }

  function renderBanner(c) {
    banner.hidden = !isRequest(c);
    if (banner.hidden) return;
    const other = otherMembers(c)[0];
    const ask = c.kind === 'direct'
      ? `${other ? nameWithHandle(other) : 'Someone'} wants to message you.`
      : groupAsk(c);
    fill(banner,
      h('p', {}, `${ask} No one will see that you've read it until you accept.`),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'primary', onclick: () => answer('accept') }, 'Accept'),
        h('button', { type: 'button', onclick: () => answer('decline') }, 'Decline'),
        c.kind === 'direct' && other
          ? h('button', { type: 'button', class: 'danger', onclick: () => answer('block', other.id) }, `Block ${nameOf(other)}`)
          : null));
  }

  /** Asks once per conversation view whether the person blocked the other side of a direct one. */
  let blockedAsked = false;
  function checkBlocked(c) {
    if (blockedAsked || c.kind !== 'direct' || state.acting) return;
    const other = otherMembers(c)[0];
    if (!other) return;
    blockedAsked = true;
    api.get(`/accounts/${enc(other.id)}`).then((p) => showBlocked(p.you_block ? p : null)).catch(() => {});
  }

  function showBlocked(p) {
    blockedBar.hidden = !p;
    box.el.hidden = Boolean(p);
    if (!p) return;
    fill(blockedBar, h('p', {}, `You blocked @${p.handle}. You can't message each other.`),
      h('button', { type: 'button', 'data-fk': 'unblock', onclick: async () => {
        try {
          await act.del(`/accounts/${enc(p.id)}/block`);
          showBlocked(null);
          box.focus();
        } catch (e) {
          notice.textContent = e.message;
        }
      } }, `Unblock @${p.handle}`));
  }

  /** "Ann Lee (@ann) added you to ‘Trip’." when the server knows who did (issue 21, point 5). */
  function groupAsk(c) {
    const where = c.title ? `‘${c.title}’` : 'this group';
    if (!c.added_by) return `You were added to ${where} by someone you don't follow.`;
    return `${nameWithHandle(person(c.added_by))} added you to ${where}.`;
  }

  async function answer(what, otherId) {
    notice.textContent = '';
    if (what === 'block' && !await confirmDialog({ title: 'Block and delete this request?',
      body: "They won't be able to message you, and they aren't told you blocked them.", confirm: 'Block' })) return;
    try {
      if (what === 'accept') {
        await act.post(`/conversations/${enc(id)}/accept`);
        await refreshConversation(id);
        box.focus();
        return;
      }
      if (what === 'block') await act.put(`/accounts/${enc(otherId)}/block`);
      await act.post(`/conversations/${enc(id)}/decline`);
      forgetConversation(id);
      location.hash = '#/';
    } catch (e) {
      notice.textContent = e.message;
    }
  }

  /** Opens or closes the panel as a drawer, moving the focus into it or back to its button. */
  function openDrawer(open) {
    if (!panel || drawerOpen === open) return;
    drawerOpen = open;
    panel.el.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
    if (open) panel.focus();
    else toggle.focus();
  }

  const nearBottom = (px = 60) => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < px;
  // Photos and previews load after a message is placed and push the thread taller; a reader who was
  // at the bottom stays there, so the newest message is never left just out of view. Whether the
  // reader is there is decided by the reader: only scrolling up leaves the bottom. Measuring the
  // distance instead lost the pin whenever a photo had grown the thread since the last scroll (a
  // scroll event arrives a frame late, and a message can arrive before the resize is seen).
  let pinned = true;
  let lastTop = scroller.scrollTop;
  scroller.addEventListener('scroll', () => {
    if (scroller.scrollTop < lastTop) pinned = nearBottom();
    else if (!pinned) pinned = nearBottom();
    lastTop = scroller.scrollTop;
    if (pinned) below.atBottom();
  }, { passive: true });
  const toBottom = () => { scroller.scrollTop = scroller.scrollHeight; lastTop = scroller.scrollTop; };
  new ResizeObserver(() => { if (pinned) toBottom(); }).observe(list);

  function renderMessages() {
    const atBottom = pinned || nearBottom();
    patchList(list, layOut(threadEntries(id), state.convs.get(id)), (e) => e.key, (e, prev) => {
      if (e.day) return dayItem(e, prev);
      return e.note ? noteItem(e.note, prev) : messageItem(e.message, prev, ctx, e);
    });
    earlier.hidden = !messagesOf(id).hasMore;
    if (atBottom || stickToBottom) toBottom();
    below.drawn(sortedMessages(id), atBottom || stickToBottom);
    pinned = atBottom || stickToBottom || nearBottom();
    stickToBottom = false;
    // A re-render that removed the focused control (a retried send, say) hands focus to the composer.
    if (document.activeElement === document.body) box.focus();
    markRead();
  }

  /** A day separator: "Today", "Yesterday", a weekday, a date. */
  function dayItem(e, prev) {
    if (prev && prev.dataset.sig === e.label) return prev;
    // An item of the list like the messages (a role="separator" child is not allowed in a list).
    return h('li', { class: 'day-sep', 'data-sig': e.label },
      h('time', { datetime: e.day }, e.label));
  }

  function renderTyping() {
    const ids = [...(state.typing.get(id)?.keys() || [])];
    const names = ids.map((a) => nameOf(person(a)));
    typing.textContent = !names.length ? ''
      : names.length === 1 ? `${names[0]} is typing…` : `${names.join(' and ')} are typing…`;
  }

  /** Moves the read pointer to the newest message while the conversation is on screen. */
  function markRead() {
    const c = state.convs.get(id);
    // A request stays unread until accepted, so its sender doesn't learn it was seen.
    if (!c || c.folder !== 'inbox' || document.visibilityState !== 'visible') return;
    if (c.last_seq <= c.read_seq && !c.marked_unread) return; // reading also ends "mark as unread"
    const seq = c.last_seq;
    c.read_seq = seq;
    c.marked_unread = false;
    changed('convs');
    if (!sendFrame({ type: 'read', conversation_id: id, seq })) {
      act.post(`/conversations/${enc(id)}/read`, { seq }).catch(() => {});
    }
  }

  async function older() {
    const first = sortedMessages(id)[0];
    const height = scroller.scrollHeight;
    try {
      await loadHistory(id, first?.seq);
      scroller.scrollTop += scroller.scrollHeight - height; // keep the reader's place
    } catch (e) {
      notice.textContent = e.message;
    }
  }

  /** Brings a message (from search) into view, loading older pages until it is there. */
  async function reveal(seq) {
    const loaded = messagesOf(id);
    while (!loaded.bySeq.has(seq) && loaded.hasMore) await loadHistory(id, sortedMessages(id)[0].seq);
    const el = list.querySelector(`#m-${seq}`);
    if (!el) return;
    el.classList.add('highlight');
    el.scrollIntoView({ block: 'center' });
    el.focus();
  }

  async function load() {
    if (!state.convs.has(id)) {
      const c = await refreshConversation(id);
      if (!c) {
        missing = true;
        renderHead();
        return;
      }
    }
    if (!messagesOf(id).loaded) {
      try {
        await loadHistory(id);
      } catch (e) {
        // Opened from the offline copy (main.js): the app reopens this screen once it is back online.
        notice.textContent = e.status === 0 && navigator.onLine === false
          ? "You're offline. Earlier messages show once the network is back; what you send waits until then."
          : e.message;
      }
    }
    stickToBottom = true;
    renderMessages();
    if (focusSeq) reveal(focusSeq);
  }

  const off = subscribe((topic, which) => {
    if ((topic === 'messages' || topic === 'notes') && which === id) renderMessages();
    else if ((topic === 'conv' && which === id) || topic === 'presence') {
      // "Seen" moves with the readers' pointers; the newest message stays in view.
      renderHead();
      renderMessages();
    }
    else if (topic === 'typing' && which === id) renderTyping();
  });
  const onVisible = () => markRead();
  document.addEventListener('visibilitychange', onVisible);

  renderHead();
  renderMessages();
  renderTyping();
  // After the router has put this view on the page: revealing a message scrolls and focuses it.
  Promise.resolve().then(load);

  const thread = h('section', { class: 'conv' },
    h('header', { class: 'conv-head' },
      h('a', { class: 'back', href: '#/' }, '←', h('span', { class: 'back-word' }, ' Conversations')),
      h('div', { class: 'head-text' }, title, sub), links, toggle),
    bizNotice, banner, state.acting ? null : offer(h), scroller, typing, notice, blockedBar, box.el);
  // The open drawer closes with Escape, or a click on the thread beside it.
  const el = panel ? h('div', { class: 'conv-split', onkeydown: (e) => {
    if (e.key === 'Escape' && drawerOpen) openDrawer(false);
  } }, thread, panel.el) : thread;
  thread.addEventListener('click', (e) => {
    if (drawerOpen && !toggle.contains(e.target)) openDrawer(false);
  });
  return {
    el,
    focus: () => (focusSeq ? title.focus() : box.focus()),
    destroy: () => {
      off();
      panel?.destroy();
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
