// A group's system lines (issue 21, point 5) in the reader's own words: the server sends each as a
// message whose author_kind is 'system', with a machine-readable `system` body ({ event, actor,
// target, title }) and a plain fallback text. "You added Bob", "Ann added you", "Dave left".

import { actorId, person } from '../store.js';
import { nameOf } from '../words.js';

/** "You" for the reader, else the person's name; capitalised at the start of the line. */
function who(id, start) {
  if (id === actorId()) return start ? 'You' : 'you';
  return nameOf(person(id));
}

/** The line as this reader reads it; an event this client does not know keeps the server's text. */
export function systemText(m) {
  const s = m.system;
  if (!s) return m.text;
  const title = s.title ? ` ‘${s.title}’` : '';
  switch (s.event) {
    case 'created': return `${who(s.actor, true)} created the group${title}`;
    case 'renamed': return `${who(s.actor, true)} named the group${title}`;
    case 'member_added': return `${who(s.actor, true)} added ${who(s.target, false)}`;
    case 'member_removed': return `${who(s.actor, true)} removed ${who(s.target, false)}`;
    case 'member_left': return `${who(s.actor, true)} left`;
    case 'admin_added': return `${who(s.actor, true)} made ${who(s.target, false)} an admin`;
    case 'admin_removed': return s.actor === s.target ? `${who(s.actor, true)} stepped down as admin`
      : `${who(s.actor, true)} removed ${who(s.target, false)} as admin`;
    case 'made_admin': return `${who(s.target, true)} ${s.target === actorId() ? 'are' : 'is'} now an admin`;
    default: return m.text;
  }
}
