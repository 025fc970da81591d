// Small hand-drawn SVG charts for the responsiveness dashboard: bars by day, a histogram and a heat
// map. Each is drawn for the pixel width it is given, with a viewBox of that width, so one unit is
// one CSS pixel and 12px labels stay 12px from a phone to a desktop; the caller redraws when the
// width changes. Each chart is an image named by its title (role="img", <title>), and every mark
// has its own <title> for pointer users; the caller puts the numbers in a table beside it.
// Colours come from app.css classes, so the charts follow the light and dark themes.

import { duration } from './words.js';

const NS = 'http://www.w3.org/2000/svg';

/** s('rect', {x: 1}, child…): an SVG element, the way dom.js's h() makes an HTML one. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== false) el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** The chart's frame: as wide as its container, scaled by its viewBox, an image called `label`. */
function frame(width, height, label) {
  return s('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': label, class: 'chart-svg' },
    s('title', {}, label));
}

const round = (n) => Math.round(n * 10) / 10;

// --- first response by day -------------------------------------------------------------------

/** Ticks of the time axis, [seconds, label]: the durations a person thinks in, the badge's 15 min among them. */
const TIME_TICKS = [[10, '10 s'], [60, '1 min'], [300, '5 min'], [900, '15 min'], [3600, '1 h'], [4 * 3600, '4 h'],
  [86400, '1 d'], [2 * 86400, '2 d'], [7 * 86400, '7 d'], [30 * 86400, '30 d'], [366 * 86400, '1 y']];

/**
 * A log scale of seconds, from `lo` to a little above the longest, onto [bottom, top]. Response
 * times run from seconds to days, and on a linear axis one late answer would flatten every other
 * bar to nothing.
 */
function timeScale(values, top, bottom) {
  const lo = values.some((v) => v < 60) ? 10 : 60;
  // A little headroom over the longest bar rather than the next tick: 1 d and 2 d, say, would crowd.
  const hi = Math.max(3600, ...values) * 1.25;
  const span = Math.log(hi) - Math.log(lo);
  const y = (v) => bottom - ((Math.log(Math.min(Math.max(v, lo), hi)) - Math.log(lo)) / span) * (bottom - top);
  return { y, ticks: TIME_TICKS.filter(([t]) => t >= lo && t <= hi) };
}

/** Horizontal grid lines with their duration labels at the left. */
function timeAxis(scale, left, right) {
  return scale.ticks.map(([t, label]) => s('g', { class: 'tick' },
    s('line', { x1: left, x2: right, y1: round(scale.y(t)), y2: round(scale.y(t)), class: 'gridline' }),
    s('text', { x: left - 6, y: round(scale.y(t)) + 4, 'text-anchor': 'end' }, label)));
}

/** Day labels under the bars, thinned out to every n-th day when they would overlap. */
function dayLabels(labels, left, step, y) {
  const every = Math.max(1, Math.ceil(46 / step));
  return labels.map((label, i) => (i % every ? null
    : s('text', { x: round(left + i * step + step / 2), y, 'text-anchor': 'middle' }, label)));
}

/**
 * First response by day: a pair of bars a day, the median and the 90th percentile, on a log time
 * axis, with the badge's 15 min limit as a dashed line. A day whose requests got no answer shows a
 * dash at the foot, so it doesn't read as "answered in no time".
 *
 * @param days   the report's `days`
 * @param labels one short label a day ("Mon 30")
 */
export function dailyChart(days, labels, width, limitSeconds) {
  const height = 240;
  const m = { left: 48, right: 10, top: 10, bottom: 28 };
  const values = days.flatMap((d) => [d.first_response.p50_seconds, d.first_response.p90_seconds]).filter((v) => v !== null);
  const scale = timeScale(values.length ? values : [60], m.top, height - m.bottom);
  const step = (width - m.left - m.right) / Math.max(days.length, 1);
  const bar = Math.max(2, Math.min(18, step * 0.36));
  const base = height - m.bottom;
  const svg = frame(width, height, 'First response by day: median and 90th percentile, on a log scale');
  svg.append(...timeAxis(scale, m.left, width - m.right));
  svg.append(s('line', { x1: m.left, x2: width - m.right, y1: round(scale.y(limitSeconds)), y2: round(scale.y(limitSeconds)),
    class: 'limit' }, s('title', {}, `The badge's limit: ${duration(limitSeconds)}`)));
  days.forEach((d, i) => {
    const mid = m.left + i * step + step / 2;
    const { p50_seconds: p50, p90_seconds: p90, count } = d.first_response;
    if (!count) {
      if (d.requests) {
        svg.append(s('text', { x: round(mid), y: base - 5, 'text-anchor': 'middle', class: 'none' }, '–',
          s('title', {}, `${labels[i]}: no answer yet`)));
      }
      return;
    }
    const rect = (x, v, cls, what) => s('rect', { x: round(x), width: round(bar), y: round(scale.y(v)),
      height: round(Math.max(2, base - scale.y(v))), class: cls }, s('title', {}, `${labels[i]}: ${what} ${duration(v)}`));
    svg.append(rect(mid - bar - 1, p50, 'bar p50', 'median'), rect(mid + 1, p90, 'bar p90', '90th percentile'));
  });
  svg.append(s('line', { x1: m.left, x2: width - m.right, y1: base, y2: base, class: 'axis' }));
  svg.append(...dayLabels(labels, m.left, step, height - 8));
  return svg;
}

// --- distribution ----------------------------------------------------------------------------

/**
 * First responses by how long they took: one bar a bucket with its count above it. The last
 * bucket (more than 24 h) is drawn in the warning colour: those requests counted as missed.
 */
export function distributionChart(buckets, width) {
  const height = 210;
  const m = { left: 6, right: 6, top: 20, bottom: 38 };
  const most = Math.max(1, ...buckets.map((b) => b.count));
  const step = (width - m.left - m.right) / buckets.length;
  const bar = Math.min(64, step * 0.62);
  const base = height - m.bottom;
  const svg = frame(width, height, 'First responses by how long they took');
  buckets.forEach((b, i) => {
    const mid = m.left + i * step + step / 2;
    const tall = ((base - m.top) * b.count) / most;
    const words = `${b.label}: ${b.count} ${b.count === 1 ? 'response' : 'responses'}`;
    svg.append(
      s('rect', { x: round(mid - bar / 2), width: round(bar), y: round(base - tall), height: round(tall),
        class: b.up_to_seconds === null ? 'bar late' : 'bar' }, s('title', {}, words)),
      s('text', { x: round(mid), y: round(base - tall - 5), 'text-anchor': 'middle', class: 'value' }, b.count),
      bucketLabel(b.label, mid, height - 22, step));
  });
  svg.append(s('line', { x1: m.left, x2: width - m.right, y1: base, y2: base, class: 'axis' }));
  return svg;
}

/** A bucket's label under its bar, on two lines ("≤ 15" over "min") when one would run into the next. */
function bucketLabel(label, x, y, room) {
  const cut = label.lastIndexOf(' ');
  if (label.length * 7 + 6 <= room || cut < 0) return s('text', { x: round(x), y: y + 12, 'text-anchor': 'middle' }, label);
  return s('text', { x: round(x), y: y + 6, 'text-anchor': 'middle' },
    s('tspan', { x: round(x) }, label.slice(0, cut)), s('tspan', { x: round(x), dy: 14 }, label.slice(cut + 1)));
}

// --- hour of the week ------------------------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');

/** Below this width the heat map stands upright (hours down, days across). */
export const PORTRAIT_BELOW = 560;

/**
 * Requests by hour of the week: 7 days (Monday first) × 24 hours, darker for more. Wide, the days
 * are rows; narrower than `PORTRAIT_BELOW` (a phone), the days become columns and the hours rows,
 * so cells stay big enough to read and to tap. A cell with requests shows its count.
 *
 * @param grid     the report's `by_hour_of_week`
 * @param dayNames short names, Monday first; `fullNames` say them in the cells' titles
 */
export function heatMap(grid, width, dayNames, fullNames) {
  const portrait = width < PORTRAIT_BELOW;
  const most = Math.max(1, ...grid.flat());
  const m = { left: portrait ? 48 : 40, top: 22, right: 4, bottom: 4 };
  const cols = portrait ? 7 : 24;
  const rows = portrait ? 24 : 7;
  const cw = (width - m.left - m.right) / cols;
  const ch = portrait ? 20 : Math.min(32, Math.max(18, cw));
  const height = m.top + rows * ch + m.bottom;
  const total = grid.flat().reduce((a, b) => a + b, 0);
  const svg = frame(width, height, `Requests by hour of the week: ${total} in all`);
  grid.forEach((hours, day) => hours.forEach((count, hour) => {
    const [col, row] = portrait ? [day, hour] : [hour, day];
    svg.append(cell(m.left + col * cw, m.top + row * ch, cw, ch, count, most,
      `${fullNames[day]} ${pad(hour)}:00–${pad(hour + 1)}:00: ${count} ${count === 1 ? 'request' : 'requests'}`, { day, hour }));
  }));
  const hourLabel = (hour) => (portrait ? `${pad(hour)}:00` : pad(hour));
  const every = portrait ? 1 : cw < 20 ? 3 : cw < 28 ? 2 : 1;
  for (let hour = 0; hour < 24; hour += every) {
    svg.append(portrait
      ? s('text', { x: m.left - 6, y: round(m.top + hour * ch + ch / 2 + 4), 'text-anchor': 'end' }, hourLabel(hour))
      : s('text', { x: round(m.left + hour * cw + cw / 2), y: m.top - 7, 'text-anchor': 'middle' }, hourLabel(hour)));
  }
  dayNames.forEach((name, day) => svg.append(portrait
    ? s('text', { x: round(m.left + day * cw + cw / 2), y: m.top - 7, 'text-anchor': 'middle' }, name)
    : s('text', { x: m.left - 6, y: round(m.top + day * ch + ch / 2 + 4), 'text-anchor': 'end' }, name)));
  return svg;
}

/** One cell of the heat map: shaded by its share of the busiest hour, its count written in it. */
function cell(x, y, w, h, count, most, title, { day, hour }) {
  const share = count / most;
  const g = s('g', {},
    s('rect', { x: round(x + 1), y: round(y + 1), width: round(w - 2), height: round(h - 2), rx: 3,
      class: count ? 'cell' : 'cell zero', 'fill-opacity': count ? round(0.2 + 0.8 * share) : null,
      'data-count': count, 'data-day': day, 'data-hour': hour }, s('title', {}, title)));
  if (count && w >= 12) {
    g.append(s('text', { x: round(x + w / 2), y: round(y + h / 2 + 4), 'text-anchor': 'middle',
      class: share > 0.5 ? 'count on-dark' : 'count', 'aria-hidden': 'true' }, count));
  }
  return g;
}
