// Human words for the server's refusals (issue 21, point 6). The API's problem+json carries a
// stable `code` and a `detail` written for developers ("Field 'password' must be 12 to 128
// characters (it has 5)"); a person is told what to do instead. Codes whose detail is already a
// sentence for a person (a policy refusal naming the rule, a group's cap) keep the server's words.
// No imports: api.js words every ApiError through here.

const FIELDS = {
  password: 'Your password', new_password: 'Your new password', current_password: 'Your current password',
  display_name: 'Your name', preferred_name: 'Your preferred name', handle: 'A handle', title: 'The name',
  text: 'The message', bio: 'Your bio', reason: 'The reason', name: 'The name', question: 'The question',
  answer: 'The answer', shortcut: 'The shortcut',
};

const fieldName = (f) => FIELDS[f] || `The ${f.replace(/_/g, ' ')}`;

const wait = (seconds) => {
  const s = Number(seconds);
  if (!Number.isFinite(s) || s <= 1) return 'a moment';
  if (s < 60) return `${Math.ceil(s)} seconds`;
  const min = Math.ceil(s / 60);
  return min === 1 ? 'a minute' : min < 60 ? `${min} minutes` : 'a while';
};

/** "Field 'x' …" sentences, the API's spelling of a bad value, in a person's words. */
function validation(detail) {
  let m = detail.match(/^Field '(\w+)' must be (\d+) to (\d+) characters \(it has (\d+)\)\.?$/);
  if (m) {
    const [, field, min, max, has] = m;
    if (Number(has) < Number(min)) return Number(min) === 1 ? `${fieldName(field)} can't be empty.` : `Use at least ${min} characters.`;
    return `${fieldName(field)} can be at most ${max} characters; this has ${has}.`;
  }
  m = detail.match(/^Field '(\w+)' must be (\d+) to (\d+) characters\.?$/);
  if (m) return `${fieldName(m[1])} must be ${m[2]} to ${m[3]} characters long.`;
  m = detail.match(/^Field '(\w+)' is required\.?$/);
  if (m) return `${fieldName(m[1])} is missing.`;
  m = detail.match(/^Field '(\w+)' has the wrong type/);
  if (m) return `${fieldName(m[1])} isn't in a form the server understands.`;
  if (/^The body is not (valid )?JSON/i.test(detail)) return 'Something went wrong sending that. Reload the page and try again.';
  return detail.replace(/^Field '(\w+)'/, (_, f) => fieldName(f));
}

const WORDS = {
  network: "Can't reach the server. Check your connection and try again.",
  unauthorized: 'Your session has ended. Sign in again.',
  reauthentication_required: 'Enter your password again to continue.',
  rate_limited: (p) => `You're doing that too often. Try again in ${wait(p.retry_after)}.`,
  internal_error: 'Something went wrong on our side. Try again in a moment.',
  unavailable: 'The server is busy right now. Try again in a moment.',
  overloaded: 'The server is busy right now. Try again in a moment.',
  shutting_down: 'The server is restarting. Try again in a moment.',
  method_not_allowed: "That can't be done here.",
  payload_too_large: 'That is too large to send.',
  uri_too_long: 'That address is too long.',
  headers_too_large: 'That request is too large to send.',
  uploads_busy: 'The server is busy with other photos. Trying again in a few seconds…',
  edit_window_closed: "It's too late to edit this message.",
  unsend_window_closed: "It's too late to unsend this message.",
  // A customer on Messenger, Instagram or X (issue 23): the server's detail names the network and the file.
  channel_cannot_edit: "The customer's network can't change a message once sent: they keep it as it was. Send a correction instead.",
  channel_cannot_unsend: (p) => p.detail || "The customer's network can't take this message back: they keep it.",
  channel_reply_sending: 'This reply is being sent right now. Try again in a moment.',
  channel_public_url_missing: "Files can't go to this customer's network until an administrator sets the server's public address. Text still goes.",
  channel_attachment_type: (p) => p.detail || "The customer's network can't take this kind of file.",
  channel_attachment_too_large: (p) => p.detail || "This file is too large for the customer's network.",
  bad_cursor: 'The list changed. Reload to see it again.',
  cursor_expired: 'The list changed. Reload to see it again.',
  sync_reset: 'Catching up…',
  no_preview: 'There is no preview for this link.',
  // The cap is the server's (message/ReactionCap.java); the detail names it for a developer.
  too_many_reactions: 'You can add up to 10 different reactions to one message. Take one of yours back to add another.',
  not_for_bots: "Bots can't do that.",
  forbidden: (p) => p.detail || "You can't do that.",
  channel_taken: 'That account is connected to another business on this server.',
  channel_unavailable: "The network couldn't be reached. Try again in a moment.",
  channel_not_configured: (p) => `This server isn't set up for that network yet. ${p.detail || ''}`.trim(),
  validation_failed: (p) => validation(p.detail || 'Check what you entered and try again.'),
};

/** The sentence to show for a problem ({ code, detail, retry_after… }) answered with this status. */
export function refusalWords(status, problem) {
  const p = problem || {};
  const w = WORDS[p.code];
  if (typeof w === 'function') return w(p);
  if (w) return w;
  if (p.detail) return p.detail;
  if (status >= 500) return WORDS.internal_error;
  return p.title || 'That didn\'t work. Try again.';
}
