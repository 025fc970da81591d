// The dashboard's satisfaction section: customers' answers to the rating question given in the
// period (how many, the average, how many gave each score) and the same per agent. The server
// works the figures out (GET …/metrics, `satisfaction`); this only shows them.

import { h } from '../dom.js';
import { decimal, plural } from '../words.js';

const bar = (count, most) => h('meter', { class: 'rating-bar', min: '0', max: String(Math.max(1, most)), value: String(count) });

export function satisfactionSection(r) {
  const s = r.satisfaction;
  if (!s) return null;
  const most = Math.max(0, ...s.distribution);
  const rated = s.agents.filter((a) => a.count > 0);
  return h('section', { class: 'satisfaction', id: 'dash-satisfaction', 'aria-labelledby': 'dash-satisfaction-title' },
    h('h3', { id: 'dash-satisfaction-title' }, 'Customer satisfaction'),
    s.count === 0
      ? h('p', { class: 'hint' }, 'No ratings in this period. Turn on the rating question under ',
        h('a', { href: '#/automation' }, 'Automation'), ': customers are asked once a conversation is resolved.')
      : [
        h('p', { class: 'tile', id: 'dash-satisfaction-average' },
          h('strong', {}, `${decimal(s.average)} of 5`), ` from ${plural(s.count, 'rating', 'ratings')}`),
        h('table', { class: 'data', id: 'dash-satisfaction-scores' },
          h('caption', { class: 'vh' }, 'How many customers gave each score'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col' }, 'Ratings'), h('th', { scope: 'col' }, h('span', { class: 'vh' }, 'Share')))),
          h('tbody', {}, [5, 4, 3, 2, 1].map((n) => h('tr', {}, h('th', { scope: 'row' }, String(n)),
            h('td', {}, String(s.distribution[n - 1])), h('td', { 'aria-hidden': 'true' }, bar(s.distribution[n - 1], most)))))),
        rated.length ? h('table', { class: 'data', id: 'dash-satisfaction-agents' },
          h('caption', {}, 'By agent (whom the conversation was assigned to when resolved)'),
          h('thead', {}, h('tr', {}, ['Agent', 'Ratings', 'Average', '1', '2', '3', '4', '5'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, rated.map((a) => h('tr', { 'data-agent': a.agent_id },
            h('th', { scope: 'row' }, a.name || 'Former agent'),
            [a.count, decimal(a.average), ...a.distribution].map((v) => h('td', {}, String(v))))))) : null,
      ]);
}
