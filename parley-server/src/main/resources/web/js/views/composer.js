// The message box. Enter sends, Shift+Enter breaks the line, Escape cancels a reply or an edit.
// It is built once per conversation and never re-rendered, so the focus and the draft stay put
// while messages stream in around it.

import { h } from '../dom.js';
import { nameOf } from '../words.js';
import { person } from '../store.js';
import { acceptFiles, attachTray } from './attachments.js';
import { openEmojiPicker } from './emojiPicker.js';

const drafts = new Map(); // conversation id -> unsent text, kept while moving between conversations
const TYPING_EVERY_MS = 3000;

const CHECK_AFTER_MS = 400;

/**
 * @param addOn optional (input) -> { el, intercept(keydownEvent) -> handled }: a helper shown above
 *              the box that may take keys first (the saved-reply picker)
 * @param check optional (text) -> Promise<{allowed, code, detail, reasons}>: the business rules'
 *              verdict on a draft, shown as the agent types, before anything is sent
 */
export function composer({ convId, onSend, onEdit, onTyping, addOn, check }) {
  let replyTo = null;
  let editing = null;
  let lastTyping = 0;
  // dir="auto": a message typed in Arabic or Hebrew runs right to left as it will in the thread.
  const input = h('textarea', { id: 'compose', dir: 'auto', rows: '1', placeholder: 'Message…', 'aria-describedby': 'compose-help',
    value: drafts.get(convId) || '' });
  const context = h('div', { class: 'context', hidden: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const helper = addOn ? addOn(input) : null;
  const tray = attachTray({ onChange: () => { submit.disabled = tray.count > 0 && !tray.ids(); },
    onProblem: (text) => { error.textContent = text; } });
  const verdict = h('p', { class: 'verdict', id: 'compose-verdict', 'aria-live': 'polite', hidden: true });
  let checkTimer = null;
  let checked = 0;

  /** Asks the server what this draft would get, after a pause in typing; the newest answer wins. */
  function checkSoon() {
    if (!check) return;
    clearTimeout(checkTimer);
    const text = input.value;
    if (!text.trim() || editing || text.startsWith('/')) {
      verdict.hidden = true;
      return;
    }
    checkTimer = setTimeout(async () => {
      const mine = ++checked;
      try {
        const v = await check(text);
        if (mine !== checked) return;
        showVerdict(v);
      } catch {
        if (mine === checked) verdict.hidden = true; // a failed check never blocks typing
      }
    }, CHECK_AFTER_MS);
  }

  function showVerdict(v) {
    const why = v.reasons?.length ? ` (${v.reasons.join(', ')})` : '';
    if (!v.allowed) {
      verdict.className = 'verdict refused';
      verdict.textContent = `Won't send: ${v.detail}${v.code === 'promotional_content' ? '' : why}`;
      verdict.hidden = false;
    } else if (v.reasons?.length) {
      verdict.className = 'verdict note';
      verdict.textContent = `Reads as promotion${why}; this customer opted in.`;
      verdict.hidden = false;
    } else {
      verdict.hidden = true;
    }
  }

  function setContext(text, actionLabel) {
    context.hidden = !text;
    context.replaceChildren();
    if (text) {
      context.append(h('span', {}, text),
        h('button', { type: 'button', class: 'link', onclick: cancel }, actionLabel));
    }
    submit.textContent = editing ? 'Save' : 'Send';
  }

  function cancel() {
    if (editing) input.value = drafts.get(convId) || '';
    replyTo = null;
    editing = null;
    error.textContent = '';
    setContext(null);
    input.focus();
  }

  async function submitNow() {
    const text = input.value;
    const files = editing ? [] : tray.ids();
    if (!files) return; // an upload is still running or failed
    if (!text.trim() && !files.length) return;
    error.textContent = '';
    if (editing) {
      try {
        await onEdit(editing, text);
        editing = null;
        input.value = drafts.get(convId) || '';
        setContext(null);
      } catch (e) {
        error.textContent = e.message;
      }
      input.focus();
      return;
    }
    const reply = replyTo;
    verdict.hidden = true;
    input.value = '';
    drafts.delete(convId);
    replyTo = null;
    setContext(null);
    tray.clear();
    input.focus();
    onSend(text, reply?.id, files);
  }

  input.addEventListener('keydown', (e) => {
    if (helper?.intercept(e)) {
      e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submitNow();
    } else if (e.key === 'Escape' && (replyTo || editing)) {
      e.preventDefault();
      cancel();
    }
  });
  input.addEventListener('input', () => {
    checkSoon();
    if (!editing) drafts.set(convId, input.value);
    if (input.value.trim() && !editing && Date.now() - lastTyping > TYPING_EVERY_MS) {
      lastTyping = Date.now();
      onTyping();
    }
  });

  // Any emoji, searched or recently used, goes in where the caret is (issue 21, point 2).
  const emojiButton = h('button', { type: 'button', class: 'emoji-button', 'aria-label': 'Add an emoji',
    'aria-haspopup': 'dialog', onclick: () => openEmojiPicker({ label: 'Add an emoji', opener: input, onPick: insert }) }, '☺');
  function insert(emoji) {
    const at = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? at;
    input.setRangeText(emoji, at, end, 'end');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.focus();
  }

  const el = h('form', { class: 'composer', onsubmit: (e) => { e.preventDefault(); submitNow(); } },
    context, error, verdict, helper?.el, tray.list, tray.stuck,
    h('div', { class: 'compose-row' }, tray.controls,
      h('label', { for: 'compose', class: 'vh' }, 'Message'), input, emojiButton, submit),
    h('p', { id: 'compose-help', class: 'vh' }, 'Enter sends; Shift+Enter starts a new line.'));

  acceptFiles(input, el, tray);

  return {
    el,
    focus: () => input.focus(),
    replyTo(m) {
      editing = null;
      replyTo = m;
      // The quoted words isolated (bdi): right-to-left text keeps its own order inside the English line.
      setContext([`Replying to ${nameOf(person(m.sender_id))}: “`, h('bdi', {}, m.text.slice(0, 80)), '”'], 'Cancel reply');
      input.focus();
    },
    edit(m) {
      replyTo = null;
      editing = m;
      input.value = m.text;
      setContext('Editing your message', 'Cancel edit');
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    },
    /** The refusal's words, with a way out beside them when there is one (a button). */
    showError(text, action = null) { error.replaceChildren(text, ...(action ? [' ', action] : [])); },
    /** Sends what the box holds, as Enter does (a refusal's way out sends once it is cleared). */
    submit: () => submitNow(),
    /** What the box holds now. */
    get text() { return input.value; },
    /** Puts back text a refused send took out of the box, so nothing typed is lost. */
    restore(text) {
      input.value = text;
      if (text) drafts.set(convId, text);
      else drafts.delete(convId);
    },
  };
}
