/* The public website's service worker: keeps the style, script and an offline page, so the
   installed app opens without a network and says so. Pages always come from the network
   (they show live ticket states); nothing personal is cached. */
const CACHE = 'o1022-public-v1';
const SHELL = [
  '/cong-dan/offline',
  '/cong-dan/static/public.css',
  '/cong-dan/static/public.js',
  '/cong-dan/static/icon.svg',
];

self.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== location.origin || !url.pathname.startsWith('/cong-dan/')) return;
  if (url.pathname.startsWith('/cong-dan/static/')) {
    e.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(req)));
    return;
  }
  if (req.mode === 'navigate') {
    e.respondWith(fetch(req).catch(() => caches.match('/cong-dan/offline')));
  }
});
