// Attachments in the web client: the composer's tray (attach button, paste, drag and drop, voice
// notes, uploads with a progress bar, previews that can be removed before sending) and how a
// message shows what it carries (images inline with a full-size viewer, audio players, file chips).
// Every link is the signed URL the server handed out, so no token ever sits in a src or href.

import { upload } from '../api.js';
import { h } from '../dom.js';

const MAX_FILES = 10;

// Drawn icons rather than emoji, which not every system has a font for.
const ICONS = {
  clip: 'M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5',
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21',
};

function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

/** "1.2 MB" for a byte count. */
export function sizeLabel(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The composer's attachments. onChange() is called whenever the set or an upload's state changes,
 * so the composer can enable "Send" once everything is uploaded.
 */
export function attachTray({ onChange = () => {}, onProblem = () => {} } = {}) {
  const items = []; // { file, preview, status: 'uploading'|'ready'|'failed', id, error, xhr, el, bar }
  const list = h('ul', { class: 'attach-tray', 'aria-label': 'Attachments to send', hidden: true });
  const picker = h('input', { type: 'file', multiple: true, class: 'vh', id: 'attach-input', tabindex: '-1',
    'aria-label': 'Attach files',
    onchange: () => { add([...picker.files]); picker.value = ''; } });
  const button = h('button', { type: 'button', class: 'attach', 'aria-label': 'Attach files', title: 'Attach files',
    onclick: () => picker.click() }, icon('clip'));
  const recorder = voiceButton((file) => add([file]), onProblem);

  function add(files) {
    for (const file of files) {
      if (items.length >= MAX_FILES) break;
      start({ file, status: 'uploading', id: null, error: null });
    }
    render();
  }

  function start(item) {
    if (!items.includes(item)) items.push(item);
    if (!item.preview && item.file.type.startsWith('image/')) item.preview = URL.createObjectURL(item.file);
    item.status = 'uploading';
    item.error = null;
    item.progress = 0;
    item.xhr = upload(item.file.name || 'file', item.file, (fraction) => {
      item.progress = fraction;
      if (item.bar) item.bar.value = fraction;
    });
    item.xhr.done.then((up) => {
      item.status = 'ready';
      item.id = up.id;
    }, (e) => {
      if (!items.includes(item)) return; // removed while uploading
      // The node's image thread is busy with other photos (503 uploads_busy): try again by itself
      // after the pause it asks for, a few times, before showing the failure.
      if (e.code === 'uploads_busy' && (item.busyTries = (item.busyTries || 0) + 1) <= 3) {
        item.error = e.message;
        setTimeout(() => { if (items.includes(item)) start(item); }, 5000);
        return;
      }
      item.status = 'failed';
      item.error = e.message;
      // Only a failure of the way there can pass on a second try: the node's refusal of the file
      // itself (too large, a type it does not take, the day's quota) would answer the same again.
      item.retryable = e.status === 0 || e.status >= 500;
    }).finally(render);
  }

  function remove(item) {
    const at = items.indexOf(item);
    if (at < 0) return;
    items.splice(at, 1);
    if (item.status === 'uploading') item.xhr.abort();
    if (item.preview) URL.revokeObjectURL(item.preview);
    render();
    button.focus();
  }

  // Send stays off while a file in the tray failed; this says why, as the button cannot.
  const stuck = h('p', { class: 'hint attach-stuck', hidden: true });

  function render() {
    list.hidden = !items.length;
    const failed = items.filter((i) => i.status === 'failed').length;
    stuck.hidden = !failed;
    stuck.textContent = failed === 1 ? 'Remove the file that could not be attached to send your message.'
      : `Remove the ${failed} files that could not be attached to send your message.`;
    list.replaceChildren(...items.map((item) => {
      const name = item.file.name || 'file';
      item.bar = item.status === 'uploading'
        ? h('progress', { max: '1', value: String(item.progress || 0), 'aria-label': `Uploading ${name}` }) : null;
      item.el = h('li', { class: `attach-item ${item.status}` },
        item.preview ? h('img', { src: item.preview, alt: '', class: 'attach-thumb' })
          : h('span', { class: 'attach-icon' }, icon(item.file.type.startsWith('audio/') ? 'mic' : 'clip')),
        h('span', { class: 'attach-name' }, name, h('span', { class: 'hint' }, ` ${sizeLabel(item.file.size)}`)),
        item.bar,
        item.status === 'failed' ? h('span', { class: 'fail', role: 'alert' }, item.error) : null,
        item.status === 'failed' && item.retryable
          ? h('button', { type: 'button', class: 'link', onclick: () => { start(item); render(); } }, 'Retry') : null,
        h('button', { type: 'button', class: 'link remove', 'aria-label': `Remove ${name}`, onclick: () => remove(item) }, '✕'));
      return item.el;
    }));
    onChange();
  }

  return {
    list,
    stuck,
    controls: [button, picker, recorder],
    add,
    /** The ids to send, or null while an upload is running or failed. */
    ids: () => (items.every((i) => i.status === 'ready') ? items.map((i) => i.id) : null),
    get count() { return items.length; },
    /** Empties the tray after a send: the previews' object URLs are released. */
    clear() {
      items.forEach((i) => i.preview && URL.revokeObjectURL(i.preview));
      items.length = 0;
      render();
    },
  };
}

/** Lets a text box take pasted files and a drop zone take dropped ones. */
export function acceptFiles(input, zone, tray) {
  input.addEventListener('paste', (e) => {
    const files = [...(e.clipboardData?.files || [])];
    if (!files.length) return;
    e.preventDefault();
    tray.add(files);
  });
  zone.addEventListener('dragover', (e) => {
    if (![...(e.dataTransfer?.types || [])].includes('Files')) return;
    e.preventDefault();
    zone.classList.add('dropping');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dropping'));
  zone.addEventListener('drop', (e) => {
    zone.classList.remove('dropping');
    const files = [...(e.dataTransfer?.files || [])];
    if (!files.length) return;
    e.preventDefault();
    tray.add(files);
  });
}

/** Why the microphone could not be had, in words: the browser's refusal alone left a silent button. */
function microphoneWords(e) {
  switch (e?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Parley may not use the microphone. Allow it in the browser\'s site settings to record a voice note.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one to record a voice note.';
    case 'NotReadableError':
      return 'The microphone is in use by another app, or could not be started.';
    default:
      return 'The microphone could not be used to record a voice note.';
  }
}

/**
 * A record button for voice notes (MediaRecorder, audio/webm); hidden where recording is not offered
 * (no MediaRecorder, no navigator.mediaDevices: a page not served over HTTPS) and, once the
 * microphone is refused or missing, explained in words through onProblem(text) when pressed.
 */
function voiceButton(onRecorded, onProblem) {
  const supported = typeof MediaRecorder !== 'undefined' && navigator.mediaDevices?.getUserMedia
    && MediaRecorder.isTypeSupported?.('audio/webm');
  let rec = null;
  const button = h('button', { type: 'button', class: 'record', 'aria-pressed': 'false', hidden: !supported,
    'aria-label': 'Record a voice note', title: 'Record a voice note', onclick: toggle }, icon('mic'));
  async function toggle() {
    if (rec) {
      rec.stop();
      return;
    }
    let stream;
    onProblem('');
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (e) {
      onProblem(microphoneWords(e));
      return;
    }
    const chunks = [];
    rec = new MediaRecorder(stream, { mimeType: 'audio/webm' });
    rec.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
    rec.onstop = () => {
      stream.getTracks().forEach((t) => t.stop());
      rec = null;
      button.setAttribute('aria-pressed', 'false');
      button.setAttribute('aria-label', 'Record a voice note');
      button.classList.remove('recording');
      const stamp = new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');
      if (chunks.length) onRecorded(new File(chunks, `voice-${stamp}.webm`, { type: 'audio/webm' }));
    };
    rec.start();
    button.setAttribute('aria-pressed', 'true');
    button.setAttribute('aria-label', 'Stop recording and attach');
    button.classList.add('recording');
  }
  return button;
}

// --- in the thread ---------------------------------------------------------------------------

/** What a message carries, or null when it carries nothing. */
export function attachmentList(attachments) {
  if (!attachments?.length) return null;
  return h('div', { class: 'attachments' }, attachments.map(attachmentView));
}

function attachmentView(a) {
  const name = a.name || 'file';
  // No link: the server gives none for a file whose sender and the reader stand on either side of a block.
  if (!a.url) {
    return h('span', { class: 'att-file' }, icon('clip'), h('span', { class: 'att-name' }, name),
      h('span', { class: 'hint' }, ' (unavailable)'));
  }
  if (a.type?.startsWith('image/')) {
    const box = fitted(a.width, a.height);
    const img = h('img', { src: a.thumbnail_url || a.url, alt: name, loading: 'lazy',
      class: box ? 'att-image sized' : 'att-image', width: box?.width, height: box?.height });
    // The thumbnail is made just after the upload; until it exists, show the image itself.
    img.addEventListener('error', () => { if (img.src !== a.url) img.src = a.url; }, { once: true });
    return h('button', { type: 'button', class: 'att-open', 'aria-label': `Open ${name}`,
      onclick: (e) => openViewer(a, e.currentTarget) }, img);
  }
  if (a.type?.startsWith('audio/') || a.type === 'video/webm') {
    return h('div', { class: 'att-audio' }, h('audio', { controls: true, preload: 'metadata', src: a.url, 'aria-label': name }),
      h('a', { href: a.url, class: 'att-name hint', download: name }, name));
  }
  if (a.type?.startsWith('video/')) {
    return h('video', { controls: true, preload: 'metadata', src: a.url, class: 'att-video', 'aria-label': name });
  }
  return h('a', { href: a.url, class: 'att-file', download: name, target: '_blank', rel: 'noopener' },
    icon('clip'), h('span', { class: 'att-name' }, name),
    h('span', { class: 'hint' }, ` ${sizeLabel(a.size)}`));
}

/** The most a photo takes in the thread, either way (app.css: .att-image). */
const PHOTO_BOX = 320;

/**
 * The size a photo is shown at, from the width and height the API gives: set on the image before
 * its bytes arrive, so the thread keeps its room and does not grow under the reader when it loads.
 */
function fitted(width, height) {
  if (!(width > 0 && height > 0)) return null;
  const scale = Math.min(1, PHOTO_BOX / width, PHOTO_BOX / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The full-size image over the page; Escape, a click outside or "Close" closes it. */
function openViewer(a, opener) {
  const close = () => {
    overlay.remove();
    document.removeEventListener('keydown', onKey, true);
    opener?.focus();
  };
  const onKey = (e) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    close();
  };
  const shut = h('button', { type: 'button', class: 'viewer-close', onclick: close }, 'Close');
  const overlay = h('div', { class: 'viewer', role: 'dialog', 'aria-modal': 'true', 'aria-label': a.name || 'Image',
    onclick: (e) => { if (e.target === overlay) close(); } },
  h('img', { src: a.url, alt: a.name || '' }),
  h('p', { class: 'viewer-bar' }, h('a', { href: a.url, download: a.name || 'image' }, 'Download'), shut));
  document.addEventListener('keydown', onKey, true);
  document.body.append(overlay);
  shut.focus();
}
