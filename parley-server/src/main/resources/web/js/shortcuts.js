// Issue 21 point 7: keyboard shortcuts, and the sheet that lists them ("?"). They act through the
// page itself (the list's links, a message's own Edit and Reply actions), so each view stays the
// one owner of what it does.

import { h } from './dom.js';

const SHEET = [
  ['Alt + ↓ / Alt + ↑', 'Next / previous conversation'],
  ['Ctrl + K (⌘ K on a Mac)', 'Search people'],
  ['↑ in an empty message box', 'Edit your last message'],
  ['R', 'Reply to the last message'],
  ['Escape', 'Close a menu, a search or this sheet'],
  ['?', 'Show this sheet'],
];

let sheet = null;

function typing(target) {
  return target instanceof HTMLElement
    && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** The conversation links in the order the list shows them. */
function conversations() {
  return [...document.querySelectorAll('#conv-list a.conv-item')].filter((a) => a.offsetParent !== null);
}

function step(by) {
  const links = conversations();
  if (!links.length) return;
  const at = links.findIndex((a) => a.getAttribute('aria-current') === 'page');
  const next = links[at < 0 ? (by > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + by))];
  location.hash = next.getAttribute('href');
  next.focus();
}

/** The newest message's action with this label (its menu's, see messageMenu.js), as { click() }. */
function lastButton(selector, label) {
  const offered = [...document.querySelectorAll(selector)]
    .map((li) => li.msgActions?.().items.find((it) => it.label === label)).filter(Boolean);
  const action = offered[offered.length - 1];
  return action ? { click: action.run } : null;
}

export function showSheet() {
  if (!sheet) {
    sheet = h('dialog', { class: 'shortcuts', id: 'shortcuts-help', 'aria-labelledby': 'shortcuts-title' },
      h('h2', { id: 'shortcuts-title' }, 'Keyboard shortcuts'),
      h('dl', {}, SHEET.map(([keys, what]) => [h('dt', {}, h('kbd', {}, keys)), h('dd', {}, what)])),
      h('form', { method: 'dialog' }, h('button', { type: 'submit', class: 'primary' }, 'Close')));
    document.body.append(sheet);
  }
  if (!sheet.open) sheet.showModal();
}

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || !document.getElementById('conv-list')) return; // signed out
  const key = e.key;
  if (e.altKey && (key === 'ArrowDown' || key === 'ArrowUp')) {
    e.preventDefault();
    step(key === 'ArrowDown' ? 1 : -1);
  } else if ((e.ctrlKey || e.metaKey) && key.toLowerCase() === 'k') {
    e.preventDefault();
    document.getElementById('people-q')?.focus();
  } else if (key === 'ArrowUp' && e.target.id === 'compose' && !e.target.value && !e.altKey) {
    const edit = lastButton('.msg.mine', 'Edit');
    if (edit) {
      e.preventDefault();
      edit.click();
    }
  } else if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) {
    // Letters typed into a field are text, not commands.
  } else if (key === '?') {
    e.preventDefault();
    showSheet();
  } else if (key === 'r' || key === 'R') {
    const reply = lastButton('.msg', 'Reply');
    if (reply) {
      e.preventDefault();
      reply.click();
      document.getElementById('compose')?.focus();
    }
  }
});
