// Issue 21 point 8: a message's actions in one menu instead of buttons under every bubble. It opens
// on a long press (touch), a right-click, the "⋯" button that shows over the bubble on hover or
// focus, or the keyboard's menu key (Shift+F10) on a focused message. On a phone it is a sheet at
// the bottom of the screen with rows a thumb can hit; on a laptop it opens where it was asked for.
// Every item is named by its label, so a screen reader hears what each does.

import { h } from '../dom.js';

const LONG_PRESS_MS = 450;
const MOVE_TOLERANCE_PX = 10;

let open = null; // { menu, backdrop, opener }

/** Closes the menu; the focus goes back to what opened it (the "⋯" button or the message). */
export function closeMessageMenu(restoreFocus = true) {
  if (!open) return;
  const { menu, backdrop, opener } = open;
  open = null;
  menu.remove();
  backdrop.remove();
  opener?.setAttribute?.('aria-expanded', 'false');
  if (restoreFocus && opener?.isConnected) opener.focus();
}

/**
 * @param spec { label, quick: [emoji], onReact(emoji), onMoreReactions(opener), items: [{ label, id, danger, run }] }
 * @param at { x, y } where it was asked for (a pointer), or null to place it by the opener
 * @param opener the element that gets the focus back when the menu closes
 */
export function openMessageMenu(spec, at, opener) {
  closeMessageMenu(false);
  const pick = (run) => () => {
    closeMessageMenu(true);
    run();
  };
  const emoji = spec.quick.map((e) => h('button', { type: 'button', role: 'menuitem', class: 'menu-emoji',
    'aria-label': `React ${e}`, 'data-emoji': e, onclick: pick(() => spec.onReact(e)) }, e));
  const more = h('button', { type: 'button', role: 'menuitem', class: 'menu-emoji more-emoji',
    'aria-label': 'More reactions', onclick: pick(() => spec.onMoreReactions(opener)) }, '＋');
  const rows = spec.items.map((it) => h('button', { type: 'button', role: 'menuitem',
    class: `menu-row${it.danger ? ' danger' : ''}`, 'data-action': it.id, onclick: pick(it.run) }, it.label));
  const menu = h('div', { class: 'msg-menu', role: 'menu', id: 'msg-menu', 'aria-label': spec.label },
    h('div', { class: 'menu-reactions', role: 'group', 'aria-label': 'React' }, emoji, more),
    rows);
  // The finger that long-pressed lifts over the backdrop just after it opens: that is no tap outside.
  const openedAt = performance.now();
  const outside = (e) => {
    e.preventDefault();
    if (performance.now() - openedAt > 400) closeMessageMenu(true);
  };
  const backdrop = h('div', { class: 'msg-menu-backdrop', 'aria-hidden': 'true', onclick: outside, oncontextmenu: outside });
  const items = [...emoji, more, ...rows];
  menu.addEventListener('keydown', (e) => {
    const i = items.indexOf(document.activeElement);
    const go = (n) => items[(n + items.length) % items.length].focus();
    if (e.key === 'Escape') closeMessageMenu(true);
    else if (e.key === 'ArrowDown' || e.key === 'ArrowRight') go(i + 1);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Tab') closeMessageMenu(true);
    else return;
    e.preventDefault();
  });
  document.body.append(backdrop, menu);
  place(menu, at, opener);
  opener?.setAttribute?.('aria-expanded', 'true');
  open = { menu, backdrop, opener };
  (rows[0] || emoji[0]).focus();
}

/** Beside the pointer or the opener on a wide screen, kept inside the window (a phone's sheet is CSS's). */
function place(menu, at, opener) {
  const r = opener?.getBoundingClientRect?.();
  const box = menu.getBoundingClientRect();
  let x = at ? at.x : r ? r.left : 16;
  let y = at ? at.y : r ? r.bottom + 4 : 16;
  // By its opener: above it when there is no room below, leftwards when none to the right, so the
  // message it is for stays in view where it can.
  if (!at && r && y + box.height > innerHeight - 8) y = r.top - box.height - 4;
  if (!at && r && x + box.width > innerWidth - 8) x = r.right - box.width;
  menu.style.left = `${Math.max(8, Math.min(x, innerWidth - box.width - 8))}px`;
  menu.style.top = `${Math.max(8, Math.min(y, innerHeight - box.height - 8))}px`;
}

/**
 * A long press ends with a click where the finger lifts, which may now be over the sheet: that
 * click is the end of the press, not a choice in the menu.
 */
function swallowNextClick() {
  const until = performance.now() + 1000;
  const swallow = (e) => {
    document.removeEventListener('click', swallow, true);
    if (performance.now() > until) return;
    e.preventDefault();
    e.stopPropagation();
  };
  document.addEventListener('click', swallow, true);
  setTimeout(() => document.removeEventListener('click', swallow, true), 1000);
}

/**
 * Wires a message's element so a long press or a right-click on it opens its menu, and the menu
 * key on it when it has the focus. A link or a player inside keeps the browser's own menu.
 * @param menuFor () -> the spec for openMessageMenu, built when asked (the message may have changed)
 */
export function menuGestures(li, menuFor) {
  const own = (target) => !target.closest('a, audio, video, button, summary, input, textarea');
  let pressTimer = null;
  let start = null;
  let pressed = false;
  const cancel = () => { clearTimeout(pressTimer); pressTimer = null; };
  li.addEventListener('pointerdown', (e) => {
    if (e.pointerType === 'mouse' || !own(e.target)) return;
    pressed = false;
    start = { x: e.clientX, y: e.clientY };
    cancel();
    pressTimer = setTimeout(() => {
      pressTimer = null;
      pressed = true;
      navigator.vibrate?.(10);
      swallowNextClick();
      openMessageMenu(menuFor(), null, li);
    }, LONG_PRESS_MS);
  });
  li.addEventListener('pointermove', (e) => {
    if (pressTimer && start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > MOVE_TOLERANCE_PX) cancel();
  });
  ['pointerup', 'pointercancel', 'pointerleave'].forEach((t) => li.addEventListener(t, cancel));
  li.addEventListener('contextmenu', (e) => {
    if (!own(e.target)) return;
    e.preventDefault();
    if (pressed) { pressed = false; return; } // the long press already opened it
    openMessageMenu(menuFor(), e.pointerType === 'touch' ? null : { x: e.clientX, y: e.clientY }, li);
  });
  li.addEventListener('keydown', (e) => {
    if (e.target !== li) return;
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey) || e.key === 'Enter') {
      e.preventDefault();
      openMessageMenu(menuFor(), null, li);
    }
  });
}

/** The "⋯" that opens the menu with the keyboard or a mouse; it floats over the bubble (app.css). */
export function menuButton(id, menuFor) {
  const button = h('button', { type: 'button', class: 'msg-more', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    'aria-label': 'Message actions', 'data-fk': `msg-more-${id}`,
    onclick: (e) => {
      e.stopPropagation();
      openMessageMenu(menuFor(), null, button);
    } }, '⋯');
  return button;
}
