// How things are said to the person: names, previews, times.

import { actorId, otherMembers, person } from './store.js';

export const nameOf = (account) => account?.display_name || (account?.handle ? `@${account.handle}` : 'Someone');

/**
 * The name with the handle beside it: "Ann Lee (@ann)". Display names are free text and can copy
 * anyone's (a look-alike in another alphabet, say); the handle is unique and plain ASCII, so
 * wherever a person is introduced it is shown too.
 */
export const nameWithHandle = (account) => (account?.display_name && account?.handle
  ? `${account.display_name} (@${account.handle})` : nameOf(account));

export function conversationName(c) {
  if (c.kind === 'group') {
    if (c.title) return c.title;
    const names = otherMembers(c).map((m) => m.display_name);
    return names.length ? names.join(', ') : 'Group';
  }
  const other = otherMembers(c)[0];
  return other ? nameOf(other) : 'Conversation';
}

/** A message's text for a one-line preview; one without text is named by what it carries. */
export function gist(m) {
  const text = m.text.replace(/\s+/g, ' ').trim();
  if (text || !m.attachments?.length) return text;
  const a = m.attachments;
  if (a.length > 1) return `${a.length} attachments`;
  if (a[0].type?.startsWith('image/')) return 'Photo';
  if (a[0].type?.startsWith('audio/') || a[0].type === 'video/webm') return 'Voice note';
  return a[0].name || 'File';
}

/** What stands in for a message the reader hid with their hidden words, in the thread and in previews. */
export const HIDDEN_WORDS = 'Hidden by your hidden words';

/**
 * A message in one line for a list or a notification, at most max characters of its text. A
 * message the reader hid (the server's `hidden: true`) is named, never quoted: a preview showing
 * it would undo the fold in the thread.
 */
export function messageLine(m, max) {
  if (m.deleted) return m.removed_by === 'moderation' ? 'Removed by moderation' : 'Message unsent';
  if (m.hidden) return HIDDEN_WORDS;
  return gist(m).slice(0, max);
}

/**
 * The conversation list's line for its newest message. "You:" stands only before what the reader
 * wrote: a system line reads as it is (worded by systemWords, the thread's own wording, so "You
 * renamed the group" never becomes "You: Ann renamed…"), and a business's automatic reply or bot
 * answer, sent as the business an agent acts for, reads without it: the agent did not write it.
 */
export function preview(c, systemWords = (m) => m.text) {
  const m = c.last_message;
  if (!m) return 'No messages yet';
  if (m.author_kind === 'system' && !m.deleted) return systemWords(m).slice(0, 80);
  const machine = Boolean(authorLabel(m.author_kind));
  const who = machine ? '' : m.sender_id === actorId() ? 'You: '
    : c.kind === 'group' ? `${nameOf(person(m.sender_id)).split(' ')[0]}: ` : '';
  return who + messageLine(m, 80);
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

export function shortTime(iso) {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString() ? timeFmt.format(d) : dayFmt.format(d);
}

export const fullTime = (iso) => fullFmt.format(new Date(iso));

export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/**
 * 45 s, 6 min, 6 min 7 s, 1 h 5 min, 1 d 0 h 30 min: how a person says a duration, "—" for none.
 * Seconds show under an hour (where the badge's 15 min limit is judged), minutes above it.
 */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const min = Math.floor(s / 60);
  const hours = `${Math.floor(min / 60) % 24} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return min < 24 * 60 ? hours : `${Math.floor(min / 1440)} d ${hours}`;
}

/** At most one decimal, none when it is 0: 1 → "1", 83.33 → "83.3". */
export const decimal = (n) => String(Math.round(n * 10) / 10);

/** A rate of 0–1 as a percent, written the way the server's own sentences write it: 0.8333 → "83.3%". */
export const percent = (rate) => (rate === null || rate === undefined ? '—' : `${decimal(rate * 100)}%`);

/** "Ann's", but "Harbour Outfitters'": a name ending in s takes the apostrophe alone. */
export function possessive(name) {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** The label under a message no person typed, so a reader can tell; null for a person's or an agent's. */
export function authorLabel(kind) {
  if (kind === 'automation') return 'Automatic reply';
  if (kind === 'bot') return 'Bot';
  return null;
}

// --- issue 21: the thread's days, initials, and refusals in a person's words ---------------------

export { refusalWords } from './refusals.js';

const weekdayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const dateFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
const yearFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

/** A day separator's words: "Today", "Yesterday", a weekday within the week, else a date. */
export function dayLabel(iso, now = new Date()) {
  const d = new Date(iso);
  const midnight = (x) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((midnight(now) - midnight(d)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return weekdayFmt.format(d);
  return d.getFullYear() === now.getFullYear() ? dateFmt.format(d) : yearFmt.format(d);
}

// A name's characters as a reader sees them: "👍🏽" or "🇸🇪" is one, where a string's code points split it.
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
const graphemes = (s) => (segmenter ? [...segmenter.segment(s)].map((x) => x.segment) : [...s]);
const INITIAL = /^[\p{L}\p{N}\p{Extended_Pictographic}\p{Regional_Indicator}]/u;

/**
 * "AL" for Ann Lee, "A" for Ann, "AL" for "@ann lee", "🦊F" for "🦊 Fox", "B" for @bob without a name:
 * the one way every avatar (conversation list, thread, "Seen by", people search, profile) stands for a
 * person, or for a group by its name, until they have a picture. A word's initial is its first letter,
 * digit or emoji, whole (a skin tone or a flag is not cut in half), past any leading "@", quote or bracket;
 * a word with none ("-", "&") is passed over. "?" when nothing is left.
 */
export function initials(account) {
  const firsts = (name) => (name || '').trim().split(/\s+/).map((w) => graphemes(w).find((g) => INITIAL.test(g)))
    .filter(Boolean);
  const named = firsts(account?.display_name);
  const found = named.length ? named : firsts(account?.handle);
  const letters = found.length > 1 ? [found[0], found[found.length - 1]] : found;
  return letters.length ? letters.join('').toLocaleUpperCase() : '?';
}
