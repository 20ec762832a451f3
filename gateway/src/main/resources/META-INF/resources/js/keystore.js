// What lets a reloaded page open the key vault again without the password: the wrapKey, kept in IndexedDB as a
// non-extractable CryptoKey. Scripts can use it to open and seal this user's vault, never read its bytes; it is
// deleted on logout. Nothing else secret is stored by the page.

const DATABASE = 'parley';
const STORE = 'wrap-keys';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'userId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transaction(mode, work) {
  const database = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = database.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request?.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    database.close();
  }
}

export async function keepWrapKey(userId, wrapKey) {
  await transaction('readwrite', (store) => store.put({ userId, wrapKey }));
}

/** The kept wrapKey of this user, or null. */
export async function keptWrapKey(userId) {
  try {
    const record = await transaction('readonly', (store) => store.get(userId));
    return record?.wrapKey ?? null;
  } catch {
    return null;
  }
}

export async function forgetWrapKeys() {
  try {
    await transaction('readwrite', (store) => store.clear());
  } catch {
    // Nothing kept, or storage unavailable: nothing to forget.
  }
}
