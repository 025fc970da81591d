// Issue 21 point 3: editing one's own profile: a short bio and an avatar (uploaded through the
// media upload route, then PUT /me/avatar; initials until then).

import { api, upload } from '../api.js';
import { h } from '../dom.js';
import { changed, state } from '../store.js';
import { avatar } from './people.js';

const BIO_MAX = 160;

/** The editor; onSaved(me) gets the account as it now stands. */
export function profileEditor(me, onSaved) {
  const status = h('p', { class: 'note', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const bio = h('textarea', { id: 'bio', rows: '2', maxlength: String(BIO_MAX), 'aria-describedby': 'bio-count' });
  bio.value = me.bio || '';
  const count = h('span', { class: 'hint', id: 'bio-count' });
  const counted = () => { count.textContent = `${[...bio.value].length} / ${BIO_MAX}`; };
  bio.addEventListener('input', counted);
  counted();
  const picture = h('span', { class: 'avatar-slot' }, avatar(me, 'avatar big'));
  const file = h('input', { id: 'avatar-file', type: 'file', accept: 'image/*' });

  async function saved(next, words) {
    Object.assign(state.me, { bio: next.bio, avatar_url: next.avatar_url });
    changed('me'); // the copy kept for offline reloads too
    picture.replaceChildren(avatar(next, 'avatar big'));
    status.textContent = words;
    onSaved(next);
  }

  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    error.textContent = '';
    status.textContent = 'Uploading…';
    try {
      const up = await upload(f.name, f, () => {}).done;
      await saved(await api.put('/me/avatar', { upload_id: up.id }), 'Picture updated.');
    } catch (e) {
      status.textContent = '';
      error.textContent = e.message;
    }
    file.value = '';
  });

  const remove = h('button', { type: 'button', onclick: async () => {
    error.textContent = '';
    try {
      await saved(await api.del('/me/avatar'), 'Picture removed.');
    } catch (e) {
      error.textContent = e.message;
    }
  } }, 'Remove picture');

  const form = h('form', { class: 'stack profile-edit', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await saved(await api.patch('/me', { bio: bio.value }), 'Bio saved.');
    } catch (err) {
      error.textContent = err.message;
    }
  } },
  h('div', { class: 'row' }, picture,
    h('label', { for: 'avatar-file', class: 'button' }, 'Choose a picture'), file, remove),
  h('label', { for: 'bio' }, 'Bio'), bio, count,
  h('button', { type: 'submit', class: 'primary' }, 'Save bio'), status, error);
  return form;
}
