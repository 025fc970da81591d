// Settings → Notifications: this browser's permission (asked only when the button is pressed),
// what the server tells (level all / mentions / none, whether text is shown, quiet hours) and this
// browser's sound. The first three are the account's, for every device; the sound is kept here.
// Quiet hours are saved in this browser's time zone.

import { api } from '../api.js';
import { h } from '../dom.js';
import { enable, permission, setSound, soundOn } from '../notify.js';

const LEVELS = [
  ['all', 'Every message'],
  ['mentions', 'Only 1:1 messages, replies to me and @mentions'],
  ['none', 'Nothing'],
];

const PERMISSION_WORDS = {
  granted: 'Notifications are allowed in this browser.',
  denied: 'Notifications are blocked in this browser, so Parley no longer offers them. To allow them, open the '
    + 'site settings (the icon left of the address) and set Notifications to Allow, then press the button below.',
  default: 'This browser has not been asked yet.',
  unsupported: "This browser can't show notifications.",
};

export function notificationSection() {
  const permStatus = h('p', { class: 'note', id: 'notify-permission', role: 'status' }, PERMISSION_WORDS[permission()]);
  const permButton = h('button', { type: 'button', id: 'notify-enable', class: 'primary',
    disabled: permission() === 'unsupported', onclick: async () => {
      permButton.disabled = true;
      try {
        permStatus.textContent = (await enable()).text;
      } catch (err) {
        permStatus.textContent = err.message;
      } finally {
        permButton.disabled = false;
      }
    } }, 'Turn on notifications in this browser');

  const radios = LEVELS.map(([value, label]) => {
    const input = h('input', { type: 'radio', name: 'notify_level', id: `notify-${value}`, value });
    return { input, el: h('div', { class: 'choice' }, input, h('label', { for: `notify-${value}` }, label)) };
  });
  const showText = h('input', { type: 'checkbox', id: 'notify-show-text' });
  const quiet = h('input', { type: 'checkbox', id: 'notify-quiet' });
  const start = h('input', { type: 'time', id: 'notify-quiet-start', value: '22:00' });
  const end = h('input', { type: 'time', id: 'notify-quiet-end', value: '07:00' });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const sound = h('input', { type: 'checkbox', id: 'notify-sound', checked: soundOn() });
  const status = h('p', { class: 'note', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const save = h('button', { type: 'submit' }, 'Save notification settings');

  api.get('/me/notifications').then((p) => {
    radios.forEach((r) => { r.input.checked = r.input.value === p.level; });
    showText.checked = p.show_text;
    quiet.checked = Boolean(p.quiet_hours);
    if (p.quiet_hours) {
      start.value = p.quiet_hours.start;
      end.value = p.quiet_hours.end;
    }
  }).catch((err) => { error.textContent = err.message; });

  const form = h('form', { class: 'stack', id: 'notify-form', onsubmit: async (e) => {
    e.preventDefault();
    status.textContent = '';
    error.textContent = '';
    setSound(sound.checked);
    try {
      await api.put('/me/notifications', {
        level: radios.find((r) => r.input.checked)?.input.value || 'all',
        show_text: showText.checked,
        quiet_hours: quiet.checked ? { start: start.value, end: end.value, time_zone: zone } : null,
      });
      status.textContent = 'Saved.';
    } catch (err) {
      error.textContent = err.message;
    }
  } },
  h('fieldset', {}, h('legend', {}, 'Tell me about'), radios.map((r) => r.el)),
  h('div', { class: 'choice' }, showText, h('label', { for: 'notify-show-text' }, 'Show the message text in notifications')),
  h('div', { class: 'choice' }, quiet, h('label', { for: 'notify-quiet' }, 'Quiet hours')),
  h('div', { class: 'row' },
    h('label', { for: 'notify-quiet-start' }, 'From '), start,
    h('label', { for: 'notify-quiet-end' }, ' to '), end,
    h('span', { class: 'hint' }, ` (${zone})`)),
  h('div', { class: 'choice' }, sound, h('label', { for: 'notify-sound' }, 'Play a sound for new messages (this browser)')),
  error, status, save);

  return h('section', { class: 'stack', id: 'notify-settings', 'aria-labelledby': 'notify-heading' },
    h('h3', { id: 'notify-heading' }, 'Notifications'), permStatus, permButton, form);
}
