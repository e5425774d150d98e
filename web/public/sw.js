/*
 * Service worker of the web app (R-CH-8 agency app): the app shell (index.html and its
 * hashed assets) is cached so the app opens on a bad connection and installs as an app;
 * /api is never cached — tickets and deadlines are always read live. Push messages
 * (RFC 8030, decrypted by the browser) become notifications that open the ticket.
 * Plain JavaScript: it is served as is from web/public, outside the bundle.
 */
const SHELL = 'o1022-shell-v1';
const ASSETS = 'o1022-assets-v1';
const STATIC = ['/', '/manifest.webmanifest', '/favicon.svg', '/icon-192.png', '/icon-512.png'];

/** The scripts and styles index.html names (hashed by Vite: a new build, new names). */
async function shellAssets(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) urls.add(m[1]);
  return [...urls];
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const shell = await caches.open(SHELL);
      await shell.addAll(STATIC);
      const html = await (await shell.match('/')).text();
      await (await caches.open(ASSETS)).addAll(await shellAssets(html));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name !== SHELL && name !== ASSETS) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  // The API (and its WebSocket), other origins and writes go straight to the network.
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;
  if (url.pathname.startsWith('/assets/')) {
    // Content-hashed, immutable: the cache is always right.
    event.respondWith(
      (async () => {
        const cache = await caches.open(ASSETS);
        const hit = await cache.match(req);
        if (hit) return hit;
        const res = await fetch(req);
        if (res.ok) await cache.put(req, res.clone());
        return res;
      })(),
    );
    return;
  }
  if (req.mode === 'navigate') {
    // The newest index.html when online (a deployment shows at once); the cached shell when not.
    event.respondWith(
      (async () => {
        try {
          const res = await fetch(req);
          if (res.ok) {
            const cache = await caches.open(SHELL);
            await cache.put('/', res.clone());
            const assets = await caches.open(ASSETS);
            for (const a of await shellAssets(await res.clone().text()))
              if (!(await assets.match(a))) await assets.add(a).catch(() => undefined);
          }
          return res;
        } catch {
          return (await (await caches.open(SHELL)).match('/')) ?? Response.error();
        }
      })(),
    );
  }
});

self.addEventListener('push', (event) => {
  let msg = { title: 'Tổng đài 1022', body: '', url: '/' };
  try {
    msg = { ...msg, ...event.data.json() };
  } catch {
    // A message without a JSON body still shows.
  }
  event.waitUntil(
    self.registration.showNotification(msg.title, {
      body: msg.body,
      icon: '/icon-192.png',
      lang: 'vi',
      tag: msg.ticketId || undefined,
      data: { url: msg.url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/';
  event.waitUntil(
    (async () => {
      const all = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = all.find((c) => new URL(c.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        return open.navigate(url);
      }
      return self.clients.openWindow(url);
    })(),
  );
});
