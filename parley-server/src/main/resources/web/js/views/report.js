// Reporting a message, a person or a conversation to the node's moderators: a category, an
// optional note, and blocking in the same step. What moderators will see is said before sending,
// and after it the reporter learns only that the report will be reviewed, never what was done.

import { act } from '../api.js';
import { h } from '../dom.js';

const CATEGORIES = [
  ['spam', 'Spam or scam'],
  ['harassment', 'Harassment or bullying'],
  ['hate', 'Hate speech'],
  ['sexual_content', 'Sexual content'],
  ['impersonation', 'Pretending to be someone else'],
  ['self_harm', 'Self-harm or suicide'],
  ['other', 'Something else'],
];

const SHARED = {
  message: 'Moderators will see this message and the 10 before it in this conversation, with their attachments. Nothing else of the conversation is shared.',
  account: 'Moderators will see this account and its recent reports. Your conversations are not shared.',
  conversation: 'Moderators will see the latest messages of this conversation.',
};

/**
 * Opens the report dialog. target: {kind: 'message'|'account'|'conversation', id}; who: the name
 * of the account reported; blockable: whether blocking them in the same step is offered.
 * Resolves to true once a report was sent (and the block, if asked, made), false if cancelled.
 */
export function openReport(target, who, blockable = true) {
  return new Promise((resolve) => {
    const note = h('textarea', { id: 'report-note', maxlength: '1000', rows: '3' });
    const block = h('input', { type: 'checkbox', id: 'report-block' });
    const error = h('p', { class: 'error', role: 'alert' });
    const choices = CATEGORIES.map(([value, label]) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'report-category', value, required: true,
        onchange: () => { error.textContent = ''; } }), ` ${label}`));
    const send = h('button', { type: 'submit', class: 'primary', 'data-fk': 'report-send' }, 'Report');
    const cancel = h('button', { type: 'button', 'data-fk': 'report-cancel', onclick: () => close(false) }, 'Cancel');
    const form = h('form', { method: 'dialog', novalidate: true, onsubmit: submit },
      h('h2', { id: 'report-title' }, target.kind === 'message' ? 'Report message' : `Report ${who}`),
      h('fieldset', {}, h('legend', {}, 'What is wrong?'), choices),
      h('label', { for: 'report-note' }, 'Anything moderators should know (optional)'), note,
      blockable ? h('label', { class: 'choice' }, block, ` Also block ${who}`) : null,
      h('p', { class: 'hint', id: 'report-shared' }, SHARED[target.kind]),
      error,
      h('div', { class: 'row' }, send, cancel));
    const dialog = h('dialog', { class: 'report-dialog', 'aria-labelledby': 'report-title',
      'aria-describedby': 'report-shared' }, form);
    dialog.addEventListener('cancel', () => close(false));
    document.body.append(dialog);
    dialog.showModal();
    choices[0].querySelector('input').focus();

    let done = false;
    function close(sent) {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(sent);
    }

    async function submit(ev) {
      ev.preventDefault();
      const category = form.querySelector('input[name="report-category"]:checked')?.value;
      if (!category) {
        error.textContent = 'Choose what is wrong first.';
        return;
      }
      send.disabled = true;
      error.textContent = '';
      try {
        await act.post('/reports', { target, category, note: note.value.trim() || undefined, block: block.checked });
        form.replaceChildren(
          h('h2', { id: 'report-title' }, 'Thanks for telling us'),
          h('p', {}, block.checked ? `We will review your report. You blocked ${who}.` : 'We will review your report.'),
          h('div', { class: 'row' }, h('button', { type: 'button', class: 'primary', 'data-fk': 'report-close',
            onclick: () => close(true) }, 'Close')));
        form.querySelector('button').focus();
      } catch (e) {
        send.disabled = false;
        error.textContent = e.message;
      }
    }
  });
}

/** The "Report" button under someone else's message. */
export function reportMessageButton(m, who) {
  return h('button', { type: 'button', class: 'report', 'data-fk': `report-${m.id}`,
    onclick: () => openReport({ kind: 'message', id: m.id }, who) }, 'Report');
}
