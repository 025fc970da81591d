// The Responsiveness dashboard of the business being answered for: the "Very responsive" badge and
// what keeps it from being earned, the period's headline figures, first response by day, its
// distribution, requests by hour of the week and the per-agent table, and the period's requests as
// CSV. The server works every figure out (GET …/metrics); this screen only says and draws them.

import { act } from '../api.js';
import { dailyChart, distributionChart, heatMap } from '../charts.js';
import { fill, h } from '../dom.js';
import { state } from '../store.js';
import { satisfactionSection } from './satisfaction.js';
import { decimal, duration, percent, plural } from '../words.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const PERIODS = [['week', 'Last 7 days'], ['month', 'Last 30 days'], ['custom', 'Custom']];
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY_FULL = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function responsivenessView() {
  const business = state.acting;
  const heading = h('h2', { tabindex: '-1' }, `${business.display_name}: responsiveness`);
  let period = 'week';
  let serverNow = null; // the server's clock, from the last report: "last 30 days" counts back from it
  let shown = null; // the report on screen
  let asked = 0; // an answer to an older ask is dropped once a newer one is out
  let charts = []; // { slot, draw, width }: redrawn when their width changes

  const error = h('p', { class: 'error', role: 'alert', id: 'dash-error' });
  const status = h('p', { class: 'note', role: 'status', id: 'dash-status' });
  const caption = h('p', { class: 'hint', id: 'dash-period' });
  const body = h('div', { class: 'dash-body', id: 'dash-body' });
  const buttons = PERIODS.map(([kind, label]) => h('button', { type: 'button', id: `period-${kind}`,
    'aria-pressed': String(kind === period), onclick: () => choose(kind) }, label));
  const from = h('input', { type: 'date', id: 'dash-from', required: true });
  const to = h('input', { type: 'date', id: 'dash-to', required: true });
  const custom = h('form', { class: 'row', id: 'dash-custom', hidden: true, onsubmit: (e) => { e.preventDefault(); load(); } },
    h('span', { class: 'pair' }, h('label', { for: 'dash-from' }, 'From'), from),
    h('span', { class: 'pair' }, h('label', { for: 'dash-to' }, 'to'), to),
    h('button', { type: 'submit', class: 'primary' }, 'Show'));
  const csv = h('button', { type: 'button', id: 'dash-csv', onclick: () => downloadCsv() }, 'Download CSV');

  function choose(kind) {
    period = kind;
    buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.id === `period-${kind}`)));
    custom.hidden = kind !== 'custom';
    if (kind === 'custom') from.focus();
    else load();
  }

  /** The period as the API's query; none for the last 7 days, the API's default and the badge's window. */
  function query() {
    if (period === 'custom') return `?${new URLSearchParams({ from: from.value, to: to.value })}`;
    if (period === 'month') {
      const now = serverNow ? Date.parse(serverNow) : Date.now();
      return `?${new URLSearchParams({ from: new Date(now - 30 * DAY_MS).toISOString() })}`;
    }
    return '';
  }

  async function load() {
    const mine = ++asked;
    error.textContent = '';
    status.textContent = 'Loading the figures…';
    body.setAttribute('aria-busy', 'true');
    try {
      const report = await act.get(`/metrics${query()}`);
      if (mine !== asked) return;
      serverNow = report.badge.to;
      render(report);
      status.textContent = '';
    } catch (e) {
      if (mine !== asked) return;
      // Old figures under a new period would be read as the new one's: clear them.
      shown = null;
      charts = [];
      fill(body);
      status.textContent = '';
      error.textContent = e.message;
    } finally {
      if (mine === asked) body.removeAttribute('aria-busy');
    }
  }

  function render(r) {
    shown = r;
    const zone = zoneOf(r.time_zone);
    caption.textContent = `${periodWords(r.from, r.to, zone)}, on the business's clock (${r.time_zone}).`;
    if (period !== 'custom') {
      // So that "Custom" starts from the period on screen.
      from.value = dateOn(r.from, zone);
      to.value = dateOn(lastInstant(r.to), zone);
    }
    if (!r.summary.requests) {
      charts = [];
      fill(body, award(r, zone), emptyState(r), satisfactionSection(r));
      return;
    }
    const grid = chartsGrid(r);
    charts = grid.charts;
    fill(body, award(r, zone), headline(r), grid.el, agentTable(r), satisfactionSection(r), howCounted(r));
    drawCharts(true);
  }

  /** Draws each chart for its slot's width; unchanged widths are left alone unless forced. */
  function drawCharts(force) {
    for (const c of charts) {
      const width = Math.floor(c.slot.clientWidth);
      if (!width || (!force && width === c.width)) continue;
      c.width = width;
      c.slot.replaceChildren(c.draw(width));
    }
  }
  const resized = new ResizeObserver(() => drawCharts(false));
  resized.observe(body);

  async function downloadCsv() {
    error.textContent = '';
    status.textContent = 'Preparing the CSV…';
    csv.disabled = true;
    try {
      const blob = await act.file(`/metrics/export${query()}`);
      const name = csvName();
      save(blob, name);
      const rows = (await blob.text()).split('\n').filter((line) => line.trim()).length - 1;
      status.textContent = `Downloaded ${name}: ${plural(rows, 'request', 'requests')}, spam and blocked ones marked.`;
    } catch (e) {
      status.textContent = '';
      error.textContent = e.message;
    } finally {
      csv.disabled = false;
    }
  }

  function csvName() {
    const zone = zoneOf(shown?.time_zone);
    const [a, b] = period === 'custom' ? [from.value, to.value]
      : shown ? [dateOn(shown.from, zone), dateOn(lastInstant(shown.to), zone)] : [period, 'now'];
    return `${business.handle}-responsiveness-${a}-to-${b}.csv`;
  }

  load();
  return {
    el: h('section', { class: 'page dash' },
      h('a', { class: 'back', href: '#/inbox' }, '← Shared inbox'), heading,
      h('div', { class: 'dash-controls' },
        h('div', { class: 'segmented', role: 'group', 'aria-label': 'Period' }, buttons), csv),
      custom, caption, error, status, body),
    focus: () => heading.focus(),
    destroy: () => { resized.disconnect(); asked += 1; },
  };
}

// --- the business's clock --------------------------------------------------------------------

/** The business's time zone for Intl, or UTC when this browser doesn't know its name. */
function zoneOf(name) {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name || 'UTC' }).resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

const lastInstant = (iso) => new Date(Date.parse(iso) - 1).toISOString();

/** An instant's date on the business's clock as YYYY-MM-DD: what a date input and the API take. */
function dateOn(iso, zone) {
  const parts = {};
  new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(iso)).forEach((p) => { parts[p.type] = p.value; });
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function isMidnight(iso, zone) {
  return new Intl.DateTimeFormat('en', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(iso)) === '00:00';
}

/** "Nov 30, 2026 – Dec 6, 2026" for whole days (`to` is exclusive); with times for a period up to now. */
function periodWords(fromIso, toIso, zone) {
  const days = isMidnight(fromIso, zone) && isMidnight(toIso, zone);
  const f = new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: 'medium', timeStyle: days ? undefined : 'short' });
  return `${f.format(new Date(fromIso))} – ${f.format(new Date(days ? lastInstant(toIso) : toIso))}`;
}

/** Short day labels for the chart: "Mon 30" over two weeks or less, "Nov 30" beyond. */
function dayLabels(days) {
  const month = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', month: 'short', day: 'numeric' });
  return days.map((d) => {
    const date = new Date(`${d.date}T00:00:00Z`);
    return days.length > 14 ? month.format(date) : `${DAY_NAMES[(date.getUTCDay() + 6) % 7]} ${date.getUTCDate()}`;
  });
}

// --- the badge and the headline figures ------------------------------------------------------

function award(r, zone) {
  const b = r.badge;
  return h('section', { class: `award${b.earned ? ' earned' : ''}`, id: 'dash-badge', 'aria-labelledby': 'dash-badge-title' },
    h('div', { class: 'award-head' },
      h('h3', { id: 'dash-badge-title' }, 'Very responsive'),
      h('span', { class: 'award-state', id: 'dash-badge-state' }, b.earned ? '✓ Earned' : 'Not earned')),
    h('ul', { class: 'criteria' },
      criterion(b.response_rate === null ? null : b.response_rate >= b.min_response_rate,
        'Response rate', percent(b.response_rate), `at least ${percent(b.min_response_rate)}`),
      criterion(b.first_response_p50_seconds === null ? null : b.first_response_p50_seconds <= b.max_first_response_seconds,
        'Median first response', duration(b.first_response_p50_seconds), `at most ${duration(b.max_first_response_seconds)}`)),
    b.missing.length ? h('ul', { class: 'missing', id: 'dash-badge-missing' }, b.missing.map((m) => h('li', {}, m))) : null,
    h('p', { class: 'hint' }, `Judged over the 7 days before now (${periodWords(b.from, b.to, zone)}, `
      + `${plural(b.requests, 'request', 'requests')}), whatever the period below.`));
}

/** One of the badge's two conditions: the business's figure against what it needs. ok is null when unknown. */
function criterion(ok, what, value, needs) {
  const [cls, mark, verdict] = ok === null ? ['unknown', '–', 'not known yet'] : ok ? ['met', '✓', 'met'] : ['unmet', '✗', 'not met'];
  return h('li', { class: cls },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, mark),
    h('span', {}, `${what} `, h('strong', {}, value), `, needs ${needs}`, h('span', { class: 'vh' }, `: ${verdict}.`)));
}

function tile(id, label, value, sub) {
  return h('div', { class: 'tile', id: `fig-${id}` },
    h('dt', {}, label), h('dd', {}, h('span', { class: 'value' }, String(value)), sub ? h('span', { class: 'sub' }, sub) : null));
}

function headline(r) {
  const s = r.summary;
  const c = r.complaints;
  const x = r.excluded;
  return h('section', { 'aria-labelledby': 'dash-figures-title', class: 'figures' },
    h('h3', { id: 'dash-figures-title' }, 'This period'),
    h('dl', { class: 'tiles', id: 'dash-figures' },
      tile('requests', 'Requests', s.requests, `${decimal(s.per_day)} a day`),
      tile('rate', 'Response rate', percent(s.response_rate), `${s.responded} answered within 24 h, ${s.missed} missed`),
      tile('p50', 'First response, median', duration(s.first_response.p50_seconds), 'half answered within this'),
      tile('p90', 'First response, 90th percentile', duration(s.first_response.p90_seconds), '9 in 10 answered within this'),
      tile('resolution', 'Time to resolution, median', duration(s.resolution.p50_seconds), `${s.resolved} resolved`),
      tile('awaiting', 'Awaiting an answer', s.awaiting, 'with time left to answer'),
      tile('complaints', 'Complaints', c.requests, c.requests
        ? `${percent(c.response_rate)} answered, median ${duration(c.first_response.p50_seconds)}` : 'none in this period'),
      tile('excluded', 'Left out', x.spam + x.blocked, `${x.spam} spam, ${x.blocked} blocked`)),
    h('p', { class: 'hint' }, r.business_hours
      ? 'Times count open hours only, as set under Automation.' : 'No open hours are set under Automation, so every hour counts.'));
}

// --- charts and tables -----------------------------------------------------------------------

/**
 * A chart's numbers in a table for screen readers, visually hidden. The wrapper is what is hidden:
 * a table box ignores width and overflow, and a wide one would widen the page.
 */
function numbers(caption, headers, rows) {
  return h('div', { class: 'vh' }, h('table', {}, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(([first, ...rest]) => h('tr', {}, h('th', { scope: 'row' }, first), rest.map((v) => h('td', {}, v)))))));
}

/** A legend entry: the mark's swatch and what it stands for, kept on one line. */
const key = (mark, words) => h('span', { class: 'key-entry' }, h('span', { class: `key ${mark}`, 'aria-hidden': 'true' }), words);

/** A chart's card: its title, a line on how to read it, the slot it is drawn in, and its numbers. */
function chartCard({ id, title, note, draw, table, wide }) {
  const slot = h('div', { class: 'chart' });
  const el = h('figure', { class: `chart-card${wide ? ' wide' : ''}`, id, 'aria-labelledby': `${id}-title` },
    h('figcaption', { id: `${id}-title` }, title), note ? h('p', { class: 'hint legend' }, note) : null, slot, table);
  return { el, chart: { slot, draw, width: 0 } };
}

function chartsGrid(r) {
  const labels = dayLabels(r.days);
  const limit = r.badge.max_first_response_seconds;
  const cards = [
    chartCard({ id: 'chart-days', title: 'First response by day',
      note: [key('p50', 'median'), key('p90', '90th percentile'), key('limit', `the badge's ${duration(limit)}`), 'log scale'],
      draw: (w) => dailyChart(r.days, labels, w, limit),
      table: numbers('First response by day', ['Day', 'Requests', 'Responded', 'Missed', 'Median', '90th percentile'],
        r.days.map((d, i) => [labels[i], d.requests, d.responded, d.missed,
          duration(d.first_response.p50_seconds), duration(d.first_response.p90_seconds)])) }),
    chartCard({ id: 'chart-distribution', title: 'How long first responses took',
      note: [key('bar', 'answered'), key('late', 'after 24 open hours: missed')],
      draw: (w) => distributionChart(r.distribution, w),
      table: numbers('How long first responses took', ['Time', 'Responses'], r.distribution.map((b) => [b.label, b.count])) }),
    chartCard({ id: 'chart-heatmap', title: 'Requests by hour of the week', wide: true,
      note: `When customers wrote, on the business's clock; darker is busier. Busiest hour: ${busiest(r.by_hour_of_week)}.`,
      draw: (w) => heatMap(r.by_hour_of_week, w, DAY_NAMES, DAY_FULL),
      table: numbers('Requests by hour of the week', ['Day', ...Array.from({ length: 24 }, (_, i) => `${String(i).padStart(2, '0')}:00`)],
        r.by_hour_of_week.map((hours, d) => [DAY_FULL[d], ...hours])) }),
  ];
  return { el: h('div', { class: 'charts' }, cards.map((c) => c.el)), charts: cards.map((c) => c.chart) };
}

function busiest(grid) {
  let best = { count: 0 };
  grid.forEach((hours, day) => hours.forEach((count, hour) => { if (count > best.count) best = { count, day, hour }; }));
  return best.count
    ? `${DAY_FULL[best.day]} ${String(best.hour).padStart(2, '0')}:00, ${plural(best.count, 'request', 'requests')}`
    : 'none';
}

/** The table's head: the first response's and the resolution's columns under a heading each. */
function agentHead() {
  const col = (text) => h('th', { scope: 'col', rowspan: '2', class: text.includes(' ') ? 'wrap' : null }, text);
  const group = (text) => h('th', { scope: 'colgroup', colspan: '2', class: 'group' }, text);
  return h('thead', {},
    h('tr', {}, ['Agent', 'Requests', 'Responded', 'Missed', 'Awaiting', 'Response rate'].map(col),
      group('First response'), group('Resolution')),
    h('tr', {}, ['Median', '90th pct.', 'Resolved', 'Median'].map((text) => h('th', { scope: 'col' }, text))));
}

function agentTable(r) {
  const rows = r.agents.map((a) => {
    const f = a.figures;
    return h('tr', { 'data-agent': a.agent_id },
      h('th', { scope: 'row' }, a.name || 'Former agent'),
      [f.requests, f.responded, f.missed, f.awaiting, percent(f.response_rate), duration(f.first_response.p50_seconds),
        duration(f.first_response.p90_seconds), f.resolved, duration(f.resolution.p50_seconds)].map((v) => h('td', {}, String(v))));
  });
  return h('section', { class: 'agents', 'aria-labelledby': 'dash-agents-title' },
    h('h3', { id: 'dash-agents-title' }, 'By agent'),
    h('p', { class: 'hint' }, 'A request counts for the person who answered it first or, while unanswered, for the conversation\'s assignee.'),
    // Scrolls sideways on a phone; focusable so a keyboard can scroll it too.
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'dash-agents-title' },
      h('table', { class: 'data', id: 'dash-agents' },
        agentHead(),
        h('tbody', {}, rows))));
}

// --- how it is counted -----------------------------------------------------------------------

/** What counts as a request and as its answer, the way the API describes it. */
function countingRules(r) {
  const automation = h('a', { href: '#/automation' }, 'Automation');
  return [
    h('p', {}, 'A request starts with a customer\'s first message, or their first message after their conversation '
      + 'was resolved. It is answered by the first reply a person of the business writes: instant replies, away '
      + 'messages, the FAQ bot, external bots and messages sent as automated don\'t count.'),
    h('p', {}, r.business_hours
      ? ['Times count only the open hours set under ', automation, '. A request is missed when no one answers it within 24 open hours.']
      : ['No open hours are set under ', automation, ', so every hour counts. A request is missed when no one answers it within 24 hours.']),
    h('p', {}, 'Conversations marked as spam, and those with a block either way, are left out.'),
  ];
}

function howCounted(r) {
  return h('details', { class: 'how' }, h('summary', {}, 'How these figures are counted'), countingRules(r));
}

function emptyState(r) {
  const left = r.excluded.spam + r.excluded.blocked;
  return h('section', { class: 'empty-state', id: 'dash-empty', 'aria-labelledby': 'dash-empty-title' },
    h('h3', { id: 'dash-empty-title' }, 'No customer requests in this period'),
    h('p', {}, left ? `There is nothing to chart: the ${plural(left, 'request', 'requests')} of the period were spam or blocked.`
      : 'There is nothing to chart yet: the figures fill in as customers write to the business.'),
    countingRules(r),
    h('p', {}, 'Pick a longer period above to look further back.'));
}

// --- the CSV ---------------------------------------------------------------------------------

/** Hands a fetched file to the browser's downloads, the way a link with `download` would. */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download by the time this runs; until then the URL must live.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
