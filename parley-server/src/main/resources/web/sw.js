// Parley's service worker (scope /): shows a Web Push as a notification, opens or focuses the
// conversation when it is clicked, and closes a conversation's notification once the page says
// it was read (here or on another device: the page hears read.updated on its stream).

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

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
