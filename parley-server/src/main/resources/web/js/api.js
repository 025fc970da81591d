// The HTTP side of the API. Every failure becomes an ApiError whose message is what to tell the
// person: the server's problem+json `detail`, or for codes the server words for developers, the
// words refusals.js gives them (the server's own detail stays in `detail`).

import { refusalWords } from './refusals.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(refusalWords(status, problem));
    this.title = problem.title || null;
    this.detail = problem.detail || null;
    this.status = status;
    this.code = problem.code || null;
    this.retryAfter = problem.retry_after ?? null; // seconds, with rate_limited
  }
}

let token = null;
let businessId = null;
let onUnauthorized = () => {};

export function setToken(t) { token = t; }
export function setActing(id) { businessId = id; }
export function whenUnauthorized(fn) { onUnauthorized = fn; }

async function send(method, path, body) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(`/api/v1${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'network', detail: "Can't reach the server. Check your connection and try again." });
  }
}

/** The ApiError for a refusal, read from its problem+json body. */
function refusal(res, path, data) {
  const err = new ApiError(res.status, data || {});
  if (res.status === 401 && token && path !== '/sessions') onUnauthorized(err);
  return err;
}

async function call(method, path, body) {
  const res = await send(method, path, body);
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) throw refusal(res, path, data);
  return data;
}

/**
 * A file the API answers with (a CSV export) as a Blob. It needs the Authorization header like any
 * call, which is why a view fetches it here rather than linking to it.
 */
async function file(path) {
  const res = await send('GET', path);
  if (!res.ok) {
    let data = null;
    try { data = await res.json(); } catch { data = null; }
    throw refusal(res, path, data);
  }
  return res.blob();
}

/** Calls made as the signed-in person (accounts, sessions, tickets, rules). */
export const api = {
  get: (path) => call('GET', path),
  post: (path, body = {}) => call('POST', path, body),
  put: (path, body) => call('PUT', path, body),
  patch: (path, body) => call('PATCH', path, body),
  del: (path) => call('DELETE', path),
  /** A file or image the API answers with, as a Blob (the Authorization header rules out an <img src>). */
  file: (path) => file(path),
};

/**
 * Calls made as the account being acted for: the person, or the business they work for. The
 * server registers these routes twice, so a business is only a path prefix away.
 */
const scoped = (path) => (businessId ? `/businesses/${encodeURIComponent(businessId)}${path}` : path);
export const act = {
  get: (path) => call('GET', scoped(path)),
  post: (path, body = {}) => call('POST', scoped(path), body),
  put: (path, body) => call('PUT', scoped(path), body),
  patch: (path, body) => call('PATCH', scoped(path), body),
  del: (path) => call('DELETE', scoped(path)),
  file: (path) => file(scoped(path)),
};

export const enc = encodeURIComponent;

/**
 * Uploads a file as the account being acted for, with XMLHttpRequest because fetch reports no
 * upload progress. onProgress gets a fraction from 0 to 1. Answers { done: Promise<upload>, abort() }.
 */
export function upload(name, blob, onProgress) {
  const xhr = new XMLHttpRequest();
  const path = scoped(`/uploads?name=${enc(name)}`);
  const done = new Promise((resolve, reject) => {
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { data = null; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError(xhr.status, data || {}));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'network', detail: "Can't reach the server. Check your connection and try again." }));
    xhr.onabort = () => reject(new ApiError(0, { code: 'aborted', detail: 'Upload cancelled.' }));
  });
  xhr.open('POST', `/api/v1${path}`);
  if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.send(blob);
  return { done, abort: () => xhr.abort() };
}
