// Appearance: follow the system, or always light, or always dark (issue 21 point 10). The choice is
// kept in localStorage and applied by theme.js, which also runs before the first paint of the next
// visit, so the page never flashes the other theme.

import { h } from '../dom.js';

const CHOICES = [
  ['system', 'Same as the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

function current() {
  return document.documentElement.dataset.themeChoice || 'system';
}

function choose(value) {
  const { key, apply } = window.parleyTheme;
  if (value === 'system') localStorage.removeItem(key);
  else localStorage.setItem(key, value);
  apply();
}

export function themeSection() {
  const radios = CHOICES.map(([value, label]) => {
    const input = h('input', { type: 'radio', name: 'theme', id: `theme-${value}`, value, checked: current() === value,
      onchange: () => choose(value) });
    return h('div', { class: 'choice' }, input, h('label', { for: `theme-${value}` }, label));
  });
  return h('fieldset', { class: 'theme-choice' }, h('legend', {}, 'Appearance'), radios);
}
