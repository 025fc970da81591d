// Links in messages (issue 21, point 1): http(s) URLs become links that open in a new tab without
// handing the opener or the referrer over, and the first one gets a preview card the node fetched
// (GET /link-preview; its image comes through the node too, so the CSP's img-src stays 'self').

import { api, enc } from './api.js';
import { h } from './dom.js';

// Up to whitespace or a character that can't be in a URL as people paste it; closing punctuation
// at the end belongs to the sentence, not the link.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"»”’]$/;
const count = (s, c) => s.split(c).length - 1;

/** The URL if it is a well-formed http(s) one, else null. */
export function safeUrl(s) {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The http(s) links in a text, in order, each with where it sits. */
export function findLinks(text) {
  const out = [];
  for (const m of (text || '').matchAll(URL_RE)) {
    let raw = m[0];
    // A closing bracket stays when the link opened one itself (Wikipedia's "Foo_(bar)").
    while (TRAILING.test(raw)) {
      if (raw.endsWith(')') && count(raw, '(') >= count(raw, ')')) break;
      raw = raw.slice(0, -1);
    }
    const href = safeUrl(raw);
    if (href) out.push({ start: m.index, end: m.index + raw.length, raw, href });
  }
  return out;
}

const linkProps = (href) => ({ href, target: '_blank', rel: 'noopener noreferrer' });

/** The text as nodes, its links clickable. */
export function linkify(text) {
  const links = findLinks(text);
  if (!links.length) return [text];
  const out = [];
  let at = 0;
  for (const l of links) {
    out.push(text.slice(at, l.start), h('a', { ...linkProps(l.href), class: 'msg-link' }, l.raw));
    at = l.end;
  }
  out.push(text.slice(at));
  return out;
}

const cards = new Map(); // url -> Promise<card|null>, one request per link per page load
const images = new Map(); // image url -> Promise<object URL|null>

function cardFor(url) {
  if (!cards.has(url)) cards.set(url, api.get(`/link-preview?url=${enc(url)}`).catch(() => null));
  return cards.get(url);
}

function imageFor(url) {
  if (!images.has(url)) {
    images.set(url, api.file(`/link-preview/image?url=${enc(url)}`)
      .then((blob) => URL.createObjectURL(blob)).catch(() => null));
  }
  return images.get(url);
}

/**
 * A placeholder that becomes the link's card once the node answers (and stays empty if it has
 * none). onShown runs when the card takes space, so the thread can keep its newest line in view.
 */
export function linkCard(url, onShown) {
  const el = h('div', { class: 'link-card-slot' });
  cardFor(url).then((card) => { if (card) fillCard(el, card, url, onShown); });
  return el;
}

function fillCard(el, card, url, onShown) {
  const img = h('img', { class: 'link-card-image', alt: '', hidden: true });
  el.replaceChildren(h('a', { ...linkProps(url), class: 'link-card', 'aria-label': `Link preview: ${card.title || card.site_name}` },
    img,
    h('span', { class: 'link-card-words' },
      h('span', { class: 'link-card-site' }, card.site_name || ''),
      card.title ? h('strong', { class: 'link-card-title' }, card.title) : null,
      card.description ? h('span', { class: 'link-card-desc' }, card.description) : null)));
  onShown?.();
  if (card.image) {
    imageFor(card.image).then((src) => {
      if (!src) return;
      img.src = src;
      img.hidden = false;
      img.addEventListener('load', () => onShown?.(), { once: true });
    });
  }
}
