// One IndexedDB object store, opened on first use. A browser without IndexedDB, or one that refuses
// it (private modes may), gets undefined from every call: what is kept here is a convenience (the
// outbox across a reload, the list for an offline reload), never the only copy of anything.

/**
 * @param options the store's options at creation (e.g. { keyPath })
 * @returns withStore(mode, use): runs use(store) in one transaction and answers its request's result
 */
export function objectStore(dbName, storeName, options) {
  let dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve) => {
        if (!('indexedDB' in window)) { resolve(null); return; }
        const req = indexedDB.open(dbName, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(storeName, options);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      });
    }
    return dbPromise;
  }

  return async function withStore(mode, use) {
    const db = await openDb();
    if (!db) return undefined;
    return new Promise((resolve) => {
      const tx = db.transaction(storeName, mode);
      const req = use(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(req?.result);
      tx.onerror = () => resolve(undefined);
      tx.onabort = () => resolve(undefined);
    });
  };
}
