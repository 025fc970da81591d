// Finding someone by handle and their profile: follow, like, block, and whether (and why not)
// you may message them, in words, before typing anything.

import { act, api, enc } from '../api.js';
import { fill, h } from '../dom.js';
import { newClientId, refreshConversation, state } from '../store.js';
import { nameOf, plural } from '../words.js';
import { openReport } from './report.js';
import { confirmDialog } from './dialog.js';
import { directWith } from './draft.js';
import { avatar, peopleSearch } from './people.js';
import { profileEditor } from './profileEdit.js';

/**
 * "New message": people found by name or handle as one types (a click opens the conversation or a
 * draft of it); Find (or Enter) opens the profile of the handle typed, which suggests people when
 * no one has it. It asked for an exact handle alone: "Bob" or "avila" found no one.
 */
export function findView() {
  const heading = h('h2', { tabindex: '-1' }, 'New message');
  const people = peopleSearch((active) => { people.results.hidden = !active; },
    { id: 'find', inputId: 'find-handle', placeholder: 'Name or handle' });
  people.results.hidden = true;
  const input = people.input;
  input.required = true;
  const form = h('form', { class: 'row', onsubmit: (e) => {
    e.preventDefault();
    const handle = input.value.trim().replace(/^@/, '');
    if (handle) location.hash = `#/p/${enc(handle)}`;
  } },
  h('label', { for: 'find-handle' }, 'To'), input, h('button', { type: 'submit', class: 'primary' }, 'Find'));
  return {
    el: h('section', { class: 'panel' }, h('a', { class: 'back', href: '#/' }, '← Conversations'), heading, form,
      people.status, people.results),
    focus: () => input.focus(),
  };
}

/** People whose name or handle is like a handle no one has, as links to their profiles. */
async function lookalikes(handle) {
  try {
    const page = await api.get(`/accounts?q=${enc(handle)}&limit=5`);
    if (!page.items.length) return [];
    return [h('p', {}, 'Did you mean:'), h('ul', { class: 'lookalikes' }, page.items.map((p) => h('li', {},
      h('a', { href: `#/p/${enc(p.handle)}` }, avatar(p), ` ${p.display_name} `, h('span', { class: 'hint' }, `@${p.handle}`)))))];
  } catch {
    return []; // the suggestion is a help; the page already says what went wrong
  }
}

/** What dm-permission answered, as a sentence the person can act on. */
function permissionWords(p, profile) {
  // The blocker is told it is their own doing, and how to undo it (the Unblock button beside).
  if (profile.you_block) return `You blocked @${profile.handle}.`;
  if (!p.allowed) return p.detail;
  if (p.lands_in === 'requests') return p.detail || `Your message will arrive in @${profile.handle}'s requests.`;
  return `You can message @${profile.handle}.`;
}

export function profileView(handle) {
  const heading = h('h2', { tabindex: '-1' }, `@${handle}`);
  const body = h('div', { class: 'profile' }, h('p', {}, 'Loading…'));
  const error = h('p', { class: 'error', role: 'alert' });
  let profile = null;

  async function load() {
    try {
      profile = await api.get(`/accounts/${enc(handle)}`);
      await render();
    } catch (e) {
      heading.textContent = 'Not found';
      fill(body, h('p', {}, e.status === 404 ? `No one has the handle @${handle}.` : e.message));
      if (e.status === 404) body.append(...await lookalikes(handle));
    }
  }

  async function edge(name, on) {
    error.textContent = '';
    if (name === 'block' && on && !await confirmDialog({ title: `Block ${nameOf(profile)}?`,
      body: `@${profile.handle} won't be able to message you, and you won't be able to message them. `
        + "They aren't told you blocked them.", confirm: 'Block' })) return;
    try {
      const path = `/accounts/${enc(profile.id)}/${name}`;
      profile = await (on ? act.put(path) : act.del(path));
      await render();
    } catch (e) {
      error.textContent = e.message;
    }
  }

  async function render() {
    const self = profile.id === state.me.id || profile.id === state.acting?.id;
    heading.textContent = nameOf(profile);
    // dm-permission is asked as the person; a business's first message is checked when it is sent.
    const permission = self || state.acting ? null : await api.get(`/accounts/${enc(profile.id)}/dm-permission`);
    const facts = [
      `@${profile.handle}`,
      profile.kind === 'business' ? 'Business' : null,
      profile.verified ? 'Verified' : null,
      plural(profile.followers_count, 'follower', 'followers'),
      profile.follows_you ? 'Follows you' : null,
    ].filter(Boolean).join(' · ');
    const toggle = (name, on, yes, no) => h('button', { type: 'button', 'aria-pressed': String(on), 'data-fk': `edge-${name}`,
      onclick: () => edge(name, !on) }, on ? no : yes);
    fill(body,
      h('div', { class: 'profile-card' }, self ? null : avatar(profile, 'avatar big'),
        h('div', {}, h('p', { class: 'facts' }, facts),
          profile.bio ? h('p', { class: 'bio', id: 'profile-bio' }, profile.bio) : null)),
      self ? [h('p', {}, 'This is you.'), profile.id === state.me.id
        ? profileEditor(profile, (me) => { profile = { ...profile, bio: me.bio, avatar_url: me.avatar_url }; }) : null] : [
        permission ? h('p', { class: `permission ${permission.allowed ? 'ok' : 'refused'}`, id: 'dm-permission' },
          permissionWords(permission, profile)) : null,
        h('div', { class: 'row' },
          messageButton(permission),
          toggle('follow', profile.you_follow, 'Follow', 'Unfollow'),
          profile.kind === 'business' ? toggle('like', profile.you_like, 'Like', 'Unlike') : null,
          toggle('block', profile.you_block, 'Block', 'Unblock'),
          h('button', { type: 'button', class: 'report', 'data-fk': 'report-account',
            onclick: async () => { if (await openReport({ kind: 'account', id: profile.id }, nameOf(profile), !profile.you_block)) load(); } },
          'Report')),
        state.acting ? outreach() : null,
      ]);
  }

  function messageButton(permission) {
    if (state.acting) return null;
    return h('button', { type: 'button', class: 'primary', disabled: !permission?.allowed,
      'aria-describedby': 'dm-permission', onclick: start }, 'Message');
  }

  /** Opens the conversation if there is one; else a draft that is created with its first message. */
  function start() {
    const open = directWith(profile.id);
    location.hash = open ? `#/c/${enc(open.id)}` : `#/new/${enc(profile.handle)}`;
  }

  /** A business opens a conversation with its first message (the outreach route). */
  function outreach() {
    const text = h('textarea', { id: 'outreach-text', rows: '3' });
    return h('form', { class: 'stack', onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        const res = await act.post('/conversations', { member_ids: [profile.id], client_id: newClientId(), text: text.value });
        await refreshConversation(res.conversation.id);
        location.hash = `#/c/${enc(res.conversation.id)}`;
      } catch (err) {
        error.textContent = err.message;
      }
    } },
    h('label', { for: 'outreach-text' }, `First message from ${state.acting.display_name}`), text,
    h('button', { type: 'submit', class: 'primary' }, 'Send'));
  }

  load();
  return {
    el: h('section', { class: 'panel' }, h('a', { class: 'back', href: '#/' }, '← Conversations'), heading, body, error),
    focus: () => heading.focus(),
  };
}
