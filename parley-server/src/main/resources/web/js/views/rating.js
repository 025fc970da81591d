// The satisfaction question under the business's automatic message that asks it: five buttons
// (1 poor … 5 great) and an optional comment, for the customer only. The conversation view asks
// `extra(m)` for what goes under each message; `sig(m)` changes when that should be redrawn.

import { api, enc } from '../api.js';
import { h } from '../dom.js';

/** @param rerender redraws the conversation's messages once the question's state is known or changes */
export function ratingHook(conversationId, rerender) {
  let rating = null; // { status, message_id, score, … } from GET …/rating
  const looked = new Set(); // automatic messages already checked for being the question
  let error = '';

  async function refresh() {
    try {
      rating = await api.get(`/conversations/${enc(conversationId)}/rating`);
    } catch {
      rating = null; // not the customer of a business conversation: nothing to show
    }
    rerender();
  }

  function isQuestion(m) {
    if (m.author_kind !== 'automation' || m.deleted) return false;
    if (!looked.has(m.id)) {
      looked.add(m.id);
      // A question that arrived live: learn about it (it is recorded just after it is sent).
      const fresh = Date.now() - new Date(m.created_at).getTime() < 60_000;
      if (rating && rating.message_id !== m.id && fresh) setTimeout(refresh, 300);
    }
    return rating?.message_id === m.id;
  }

  async function rate(score, comment) {
    error = '';
    try {
      rating = await api.post(`/conversations/${enc(conversationId)}/rating`, comment ? { score, comment } : { score });
    } catch (e) {
      error = e.message;
    }
    rerender();
  }

  /** A score the customer typed as a reply answers the question on the server (TypedRating): learn that. */
  function noticeTyped(m) {
    if (rating?.status !== 'asked' || m.author_kind !== 'person' || looked.has(m.id)) return;
    looked.add(m.id);
    if (/^\s*([1-5]|\u2B50|\u2605)/.test(m.text || '') && new Date(m.created_at) >= new Date(rating.asked_at)) {
      [800, 3000].forEach((ms) => setTimeout(refresh, ms)); // the node records it just after the message
    }
  }

  function extra(m) {
    noticeTyped(m);
    if (!isQuestion(m)) return null;
    if (rating.status === 'rated') {
      return h('p', { class: 'rating done', id: `rating-${m.id}` }, `You rated this conversation ${rating.score} of 5. Thank you!`);
    }
    const comment = h('input', { type: 'text', maxlength: 1000, placeholder: 'A comment (optional)',
      'aria-label': 'A comment with your rating (optional)' });
    return h('div', { class: 'rating', id: `rating-${m.id}`, role: 'group', 'aria-label': 'Rate this conversation' },
      h('div', { class: 'row' }, [1, 2, 3, 4, 5].map((n) => h('button', { type: 'button', class: 'chip',
        'data-score': String(n), 'aria-label': `Rate ${n} of 5${n === 1 ? ' (poor)' : n === 5 ? ' (great)' : ''}`,
        onclick: () => rate(n, comment.value.trim()) }, String(n)))),
      comment,
      error ? h('p', { class: 'error', role: 'alert' }, error) : null);
  }

  const sig = (m) => (m.author_kind === 'automation' ? [rating?.message_id, rating?.status, error] : null);

  refresh();
  return { extra, sig };
}
