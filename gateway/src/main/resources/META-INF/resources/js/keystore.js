// What lets a reloaded page open the key vault again without the password, and tell an old vault from a new one.
//
// The wrapKey is kept as a non-extractable CryptoKey: scripts of this page can use it to open and seal this user's
// vault, never read its bytes (docs/web-client.md says why this and not memory only). It is deleted on logout and
// whenever the session ends. The highest vault version n opened per account is kept across logouts: forgetting it
// would let a server roll the vault back at the next login (PROTOCOL.md §2, 1.1).

import { transaction } from './db.js';

export async function keepWrapKey(userId, wrapKey) {
  await transaction('wrap-keys', 'readwrite', (store) => store.put({ userId, wrapKey }));
}

/** The kept wrapKey of this user, or null. */
export async function keptWrapKey(userId) {
  try {
    const record = await transaction('wrap-keys', 'readonly', (store) => store.get(userId));
    return record?.wrapKey ?? null;
  } catch {
    return null;
  }
}

/** Whether any wrapKey is kept: the hint that this browser may have a session to restore. */
export async function anyWrapKeyKept() {
  try {
    return (await transaction('wrap-keys', 'readonly', (store) => store.count())) > 0;
  } catch {
    return false;
  }
}

export async function forgetWrapKeys() {
  try {
    await transaction('wrap-keys', 'readwrite', (store) => store.clear());
  } catch {
    // Nothing kept, or storage unavailable: nothing to forget.
  }
}

/** The highest vault version this browser has opened or stored for the account; 0 before the first. */
export async function highestVaultVersion(userId) {
  const record = await transaction('vault-versions', 'readonly', (store) => store.get(userId));
  return record?.n ?? 0;
}

/** Raises the remembered version to n, in one transaction, so that two tabs never lower it. */
export async function rememberVaultVersion(userId, n) {
  await transaction('vault-versions', 'readwrite', (store) => {
    const request = store.get(userId);
    request.onsuccess = () => {
      if (n > (request.result?.n ?? 0)) {
        store.put({ userId, n });
      }
    };
    return request;
  });
}

export async function forgetVaultVersion(userId) {
  await transaction('vault-versions', 'readwrite', (store) => store.delete(userId));
}
