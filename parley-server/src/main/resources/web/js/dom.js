// A few DOM helpers instead of a framework: build elements, patch keyed lists in place, and put
// focus back where it was when a re-render replaced the focused element.

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'textContent']);

/** h('button', {class: 'x', onclick: fn}, 'text', child) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children, keeping focus (see keepFocus). */
export function fill(el, ...children) {
  keepFocus(() => {
    el.replaceChildren();
    append(el, children);
  });
}

/**
 * Runs a DOM change and, if it took the focus away, gives it back: to the same element when it
 * is still in the page, else to its replacement carrying the same data-fk ("focus key").
 */
export function keepFocus(change) {
  const before = document.activeElement;
  const key = before?.dataset?.fk;
  change();
  if (!before || before === document.body || document.activeElement === before) return;
  if (before.isConnected) before.focus();
  else if (key) document.querySelector(`[data-fk="${CSS.escape(key)}"]`)?.focus();
}

/**
 * Makes parent's children match items, by key. render(item, oldEl) answers the element for an
 * item: oldEl itself when nothing changed, so unchanged rows (and the focus in them) stay put.
 */
export function patchList(parent, items, keyOf, render) {
  keepFocus(() => {
    const old = new Map();
    for (const child of parent.children) old.set(child.dataset.key, child);
    let cursor = parent.firstElementChild;
    for (const item of items) {
      const key = String(keyOf(item));
      const prev = old.get(key);
      old.delete(key);
      const el = render(item, prev);
      el.dataset.key = key;
      if (prev && prev !== el) {
        if (prev === cursor) cursor = cursor.nextElementSibling;
        prev.remove();
      }
      if (el === cursor) cursor = cursor.nextElementSibling;
      else parent.insertBefore(el, cursor);
    }
    old.forEach((el) => el.remove());
  });
}
