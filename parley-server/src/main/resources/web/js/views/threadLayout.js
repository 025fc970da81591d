// How the thread is laid out around its messages (issue 21, point 1): a separator where the day
// changes ("Today", "Yesterday", a weekday, a date), runs of consecutive messages from one sender
// drawn tight with one name and one avatar, and "Seen" under the message each reader reached.

import { actorId, otherMembers } from '../store.js';
import { dayLabel } from '../words.js';

/** Messages closer than this from one sender form one run (as Messenger groups them). */
const RUN_GAP_MS = 10 * 60 * 1000;

/** When it was sent; a send still in flight (no created_at yet) is now. */
const timeOf = (m) => (m.created_at ? Date.parse(m.created_at) : Date.now());

const dayKey = (at) => {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
};

/** Who wrote it, for grouping: the sender, and what kind of author (a bot reply is its own run). */
const authorOf = (m) => `${m.sender_id}|${m.author_kind || 'person'}|${m.agent_id || ''}`;

/** A system line ("Ann added Bob") is never part of a run. */
const isSystem = (m) => m.author_kind === 'system';

/**
 * Adds day separators ({ key, day }) between entries and marks each message entry with its place
 * in its run ({ first, last }) and the readers whose "Seen" sits under it.
 */
export function layOut(entries, conv) {
  const seenAt = seenAnchors(entries, conv);
  const out = [];
  let lastDay = null;
  let prev = null;
  entries.forEach((e, i) => {
    const item = e.message || e.note;
    const created = item.created_at || new Date().toISOString();
    const day = dayKey(Date.parse(created));
    if (day !== lastDay) {
      out.push({ key: `day-${day}`, day: created, label: dayLabel(created) });
      lastDay = day;
      prev = null;
    }
    if (!e.message) {
      out.push(e);
      prev = null;
      return;
    }
    const m = e.message;
    const next = entries[i + 1]?.message;
    const joins = (a, b) => a && b && !isSystem(a) && !isSystem(b) && authorOf(a) === authorOf(b)
      && dayKey(timeOf(a)) === dayKey(timeOf(b)) && Math.abs(timeOf(b) - timeOf(a)) < RUN_GAP_MS;
    out.push({ ...e, first: !joins(prev, m), last: !joins(m, next), seenBy: seenAt.get(m.seq) || null });
    prev = m;
  });
  return out;
}

/**
 * seq → readers: each other member's "Seen" goes under the newest message they have read that is
 * still there (an unsent one passes it on to the message before), never a send in flight or a
 * failed one. In a direct conversation only under one's own message (a reply says more than
 * "Seen"); in a group under anyone's but the reader's own.
 */
function seenAnchors(entries, conv) {
  const out = new Map();
  if (!conv) return out;
  const sent = entries.map((e) => e.message).filter((m) => m && !m.pending && !m.deleted && !isSystem(m));
  for (const reader of otherMembers(conv)) {
    if (reader.read_seq === null || reader.read_seq === undefined) continue;
    // Sending moves one's own pointer too, and no event tells the others so: a reader has read at
    // least up to their own newest message.
    const own = sent.filter((m) => m.sender_id === reader.id).reduce((max, m) => Math.max(max, m.seq), 0);
    const upTo = Math.max(reader.read_seq, own);
    let anchor = null;
    for (let i = sent.length - 1; i >= 0; i--) {
      if (sent[i].seq <= upTo) {
        anchor = sent[i];
        break;
      }
    }
    if (!anchor) continue;
    const counts = conv.kind === 'direct' ? anchor.sender_id === actorId() : anchor.sender_id !== reader.id;
    if (!counts) continue;
    if (!out.has(anchor.seq)) out.set(anchor.seq, []);
    out.get(anchor.seq).push(reader);
  }
  return out;
}
