// A small confirmation (issue 21, point 6) instead of confirm(): a modal <dialog>, so the focus
// stays inside it, Escape cancels, and it is announced with its question. The safe choice has
// the focus first, as destructive actions should.

import { h } from '../dom.js';

/**
 * @returns Promise<boolean> true when the person confirmed
 */
export function confirmDialog({ title, body, confirm, cancel = 'Cancel', danger = true }) {
  const before = document.activeElement;
  return new Promise((resolve) => {
    const heading = h('h2', { id: 'confirm-title' }, title);
    const text = body ? h('p', { id: 'confirm-body' }, body) : null;
    const no = h('button', { type: 'button', id: 'confirm-no', onclick: () => done(false) }, cancel);
    const yes = h('button', { type: 'button', id: 'confirm-yes', class: danger ? 'danger' : 'primary',
      onclick: () => done(true) }, confirm);
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title',
      'aria-describedby': body ? 'confirm-body' : null },
    heading, text, h('div', { class: 'row' }, no, yes));
    let answered = false;
    function done(ok) {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      if (before?.isConnected) before.focus();
      resolve(ok);
    }
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
