// Parley's service worker (scope /): keeps the app shell for an offline reload, shows a Web Push
// as a notification, opens or focuses the conversation when it is clicked, and closes a
// conversation's notification once the page says it was read (here or on another device: the page
// hears read.updated on its stream).

// --- the app shell, for a reload without a network ---------------------------------------------
// What is kept: this build's page and its /assets/<build id>/… files, nothing else. The API never
// goes through this worker, so nothing of a person's is kept here (their last conversation list is
// in the page's IndexedDB, cleared at sign-out). The page is asked of the network first on every
// visit, so a new build is picked up at once; its cached copy answers only when the network fails.
// A new build is a new sw.js (the build id below differs), which installs, keeps the new files and
// drops the old build's.

const SHELL = { build: 'unbuilt', files: [] }; // the node writes this build's id and files here (web/WebAssets)
const SHELL_CACHE = `parley-shell-${SHELL.build}`;

/** Best effort: a file that can't be kept now must not stop the worker, which also shows notifications. */
async function keepShell() {
  const cache = await caches.open(SHELL_CACHE);
  await Promise.all(SHELL.files.map(async (url) => {
    try {
      const res = await fetch(url, { cache: url === '/' ? 'no-cache' : 'default' });
      if (res.ok) await cache.put(url, res);
    } catch {
      // Fetched again when the next build's worker installs, or served from the network meanwhile.
    }
  }));
}

/**
 * Routes decided without starting the worker (Chromium's static routing): the API straight to the
 * network, this build's files from the kept copy (the network when one is missing).
 */
function staticRoutes(e) {
  if (!e.addRoutes || typeof URLPattern === 'undefined') return Promise.resolve();
  return e.addRoutes([
    { condition: { urlPattern: new URLPattern({ pathname: '/api/*' }) }, source: 'network' },
    { condition: { urlPattern: new URLPattern({ pathname: `/assets/${SHELL.build}/*` }) }, source: { cacheName: SHELL_CACHE } },
  ]).catch(() => {});
}

self.addEventListener('install', (e) => {
  e.waitUntil(Promise.all([staticRoutes(e), keepShell()]).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => e.waitUntil((async () => {
  const old = (await caches.keys()).filter((n) => n.startsWith('parley-shell-') && n !== SHELL_CACHE);
  await Promise.all(old.map((n) => caches.delete(n)));
  // The page's request starts while the worker starts, instead of after it.
  await self.registration.navigationPreload?.enable().catch(() => {});
  await self.clients.claim();
})()));

/** The page: the network's (revalidated, so a new build shows at once), the kept copy without one. */
async function page(e) {
  try {
    return (await e.preloadResponse) || (await fetch(e.request));
  } catch {
    return (await caches.match('/', { cacheName: SHELL_CACHE })) || Response.error();
  }
}

/** A file of the shell: the kept copy, else the network. */
async function shellFile(request) {
  return (await caches.match(request, { ignoreSearch: true })) || fetch(request);
}

self.addEventListener('fetch', (e) => {
  const { request } = e;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate' && url.pathname === '/') e.respondWith(page(e));
  else if (url.pathname.startsWith('/assets/') || SHELL.files.includes(url.pathname)) e.respondWith(shellFile(request));
});

// --- notifications -------------------------------------------------------------------------------

// Group names the page sent (a push names only the conversation's id); kept in a cache, since a
// worker's memory does not outlive it being stopped.
const NAMES = new Request('/__parley-conversation-names');

async function groupName(conversationId) {
  try {
    const stored = await (await caches.open('parley-notify')).match(NAMES);
    return stored ? (await stored.json())[conversationId] || null : null;
  } catch {
    return null;
  }
}

async function show(p) {
  const request = p.kind === 'request';
  const group = request ? null : await groupName(p.conversation_id);
  const sender = p.sender_name || 'Parley';
  // An agent's push names the business itself ("Ann at Harbour Outfitters").
  const title = p.title || (request ? 'Parley' : group ? `${sender} in ${group}` : sender);
  // The node sends the text only when the person's preferences allow it; otherwise a neutral line.
  const body = p.body || (request ? 'New message request' : 'New message');
  return self.registration.showNotification(title, {
    body,
    tag: p.conversation_id || 'parley', // one per conversation: a newer message replaces the older
    renotify: true,
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: {
      conversation_id: p.conversation_id || null, acting_as: p.acting_as || null,
      unread: p.unread, total_unread: p.total_unread,
    },
  });
}

self.addEventListener('push', (e) => {
  let p = {};
  try {
    p = e.data ? e.data.json() : {};
  } catch {
    p = { body: e.data ? e.data.text() : '' };
  }
  e.waitUntil(show(p));
});

// actingAs: the business an agent's notification is for; the page opens the conversation acting for it.
async function open(conversationId, actingAs) {
  const hash = conversationId ? `#/c/${encodeURIComponent(conversationId)}` : '#/';
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const client = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (client) {
    client.postMessage({ type: 'open', conversation_id: conversationId, acting_as: actingAs || null });
    return client.focus().catch(() => client);
  }
  return self.clients.openWindow(actingAs ? `/?acting=${encodeURIComponent(actingAs)}${hash}` : `/${hash}`);
}

self.addEventListener('notificationclick', (e) => {
  e.notification.close();
  e.waitUntil(open(e.notification.data?.conversation_id, e.notification.data?.acting_as));
});

async function closeFor(conversationId) {
  const shown = await self.registration.getNotifications({ tag: conversationId });
  shown.forEach((n) => n.close());
}

self.addEventListener('message', (e) => {
  const m = e.data || {};
  if (m.type === 'read' && m.conversation_id) e.waitUntil(closeFor(m.conversation_id));
  if (m.type === 'names' && m.names) {
    e.waitUntil(caches.open('parley-notify').then((c) => c.put(NAMES, new Response(JSON.stringify(m.names),
      { headers: { 'Content-Type': 'application/json' } }))));
  }
  // The click path, acted by a page (the browser tests, which cannot click a system notification).
  if (m.type === 'click' && m.tag) {
    e.waitUntil(self.registration.getNotifications({ tag: m.tag }).then((ns) => {
      ns.forEach((n) => n.close());
      return ns.length ? open(ns[0].data?.conversation_id, ns[0].data?.acting_as) : null;
    }));
  }
});
