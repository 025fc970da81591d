// How things are said to the person: names, previews, times.

import { actorId, otherMembers, person } from './store.js';

export const nameOf = (account) => account?.display_name || (account?.handle ? `@${account.handle}` : 'Someone');

export function conversationName(c) {
  if (c.kind === 'group') {
    if (c.title) return c.title;
    const names = otherMembers(c).map((m) => m.display_name);
    return names.length ? names.join(', ') : 'Group';
  }
  const other = otherMembers(c)[0];
  return other ? nameOf(other) : 'Conversation';
}

export function preview(c) {
  const m = c.last_message;
  if (!m) return 'No messages yet';
  const who = m.sender_id === actorId() ? 'You: ' : c.kind === 'group' ? `${nameOf(person(m.sender_id)).split(' ')[0]}: ` : '';
  return who + (m.deleted ? 'Message unsent' : m.text.replace(/\s+/g, ' ').slice(0, 80));
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
