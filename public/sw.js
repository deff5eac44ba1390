/*
 * Keeps the playground working offline once it has loaded: the whole page and its library are
 * fetched ahead on install, and every file of the page (same origin, GET) is cached again as it
 * is fetched; later visits use the network when there is one and the cache when there is not.
 * Nothing else is cached, and nothing is sent anywhere.
 */
const CACHE = 'quorum-playground-v1';

/** The built-in library: each index and the files it lists (a lecture hall may have no network). */
const LIBRARY = [
  ['./scenarios/index.json', 'scenarios', './scenarios/'],
  ['./lessons/index.json', 'lessons', './lessons/'],
];

/**
 * On install, fetch the whole page ahead: every file of the build (precache.json, written by
 * vite.config.ts, lists them: the lazily loaded experiments panel and the nested workers too) and
 * every built-in scenario and lesson, so that what was never opened online still opens offline.
 * Anything that fails is left to the cache-as-fetched rule below.
 */
async function precache() {
  const cache = await caches.open(CACHE);
  const urls = new Set(['./', './favicon.svg']);
  try {
    const { files } = await (await fetch('./precache.json')).json();
    const built = (Array.isArray(files) ? files : []).filter((file) => typeof file === 'string' && /^[\w./-]+$/.test(file) && !file.includes('..'));
    for (const file of built) urls.add(`./${file}`);
    // Only a complete list may retire older files (see dropOldBuilds).
    if (built.length > 0) thisBuild = new Set(built.map((file) => new URL(`./${file}`, self.location.href).href));
  } catch {
    // No list (a dev build): the page's files are cached as they are fetched.
  }
  for (const [index, key, dir] of LIBRARY) {
    try {
      const listed = (await (await fetch(index)).json())[key];
      urls.add(index);
      for (const entry of Array.isArray(listed) ? listed : []) {
        if (typeof entry?.file === 'string' && /^[\w.-]+$/.test(entry.file)) urls.add(dir + entry.file);
      }
    } catch {
      // Offline at install: nothing to add.
    }
  }
  await Promise.all(
    [...urls].map(async (url) => {
      try {
        const response = await fetch(url);
        if (response.ok) await cache.put(url, response);
      } catch {
        // Left to the cache-as-fetched rule.
      }
    }),
  );
}

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(precache());
});
/** The files of the build this worker installed (absolute URLs), once the install listed them. */
let thisBuild = null;

/** Hashed build files of earlier versions are never asked for again: drop them. */
async function dropOldBuilds() {
  if (!thisBuild) return;
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname.includes('/assets/') && !thisBuild.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener('activate', (event) => event.waitUntil(dropOldBuilds().then(() => self.clients.claim())));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      // ignoreVary: module scripts and style sheets are requested with an Origin header that the
      // files fetched ahead on install were not, and a server's `Vary: Origin` would miss them.
      .catch(() => caches.match(request, { ignoreSearch: true, ignoreVary: true }).then((hit) => hit ?? Response.error())),
  );
});
