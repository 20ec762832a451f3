// The page's IndexedDB database: what a reloaded page needs and must not learn from the server again.
//   wrap-keys       the wrapKey of the signed-in user, a non-extractable CryptoKey (keystore.js)
//   vault-versions  per account, the highest vault version n this browser has opened (keystore.js, PROTOCOL.md §2)
//   checks          per user and conversation, where the checks of its messages stand (checks.js, PROTOCOL.md §4)

const DATABASE = 'parley';
const VERSION = 2;

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, VERSION);
    request.onupgradeneeded = () => {
      const database = request.result;
      const stores = [...database.objectStoreNames];
      if (!stores.includes('wrap-keys')) database.createObjectStore('wrap-keys', { keyPath: 'userId' });
      if (!stores.includes('vault-versions')) database.createObjectStore('vault-versions', { keyPath: 'userId' });
      if (!stores.includes('checks')) database.createObjectStore('checks', { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    // Another tab still has version 1 open: it closes its connection (below), so this one goes on.
    request.onblocked = () => {};
  });
}

/** Runs work(store) in one transaction; resolves with the result of the request work returns. */
export async function transaction(storeName, mode, work) {
  const database = await open();
  // A newer version opened in another tab: let it upgrade; this tab opens again next time.
  database.onversionchange = () => database.close();
  try {
    return await new Promise((resolve, reject) => {
      const tx = database.transaction(storeName, mode);
      const request = work(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(request?.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    database.close();
  }
}
