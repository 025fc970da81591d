// Issue 21 point 8: on a phone the list and a screen opened from it (a conversation, a profile…)
// are two screens. The "←" link in a screen's header goes back in the browser's history when the
// list is where the person came from, so the arrow and the browser's (or the phone's) back button
// agree, and going back never stacks another copy of the list on the history.

let cameFrom = null; // the address before the current one, when the app itself moved there

window.addEventListener('hashchange', (e) => {
  cameFrom = new URL(e.oldURL).hash || '#/';
});

document.addEventListener('click', (e) => {
  const back = e.target instanceof Element ? e.target.closest('a.back') : null;
  if (!back || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const target = back.getAttribute('href');
  const same = (a, b) => (a === '#' || a === '' ? '#/' : a) === (b === '#' || b === '' ? '#/' : b);
  if (cameFrom === null || !same(cameFrom, target)) return; // opened directly: the link takes them there
  e.preventDefault();
  history.back();
});
