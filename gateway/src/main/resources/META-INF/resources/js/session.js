// A signed-in user: the account, the identity key opened from the vault, the pinned keys of friends, this tab's
// device id and sending chains. The password is used once, to derive keys, and is not kept.

import { ApiError } from './api.js';
import { forgetWrapKeys, keepWrapKey, keptWrapKey } from './keystore.js';
import {
  b64urlDecode, b64urlEncode, canonicalUsername, generateIdentity, importIdentity, openVault, passwordKeys,
  randomBytes, sealVault, wrapKeyHandle, ZERO_HASH,
} from './protocol.js';

/** Fewer PBKDF2 iterations than this would make a stolen vault cheap to attack: the client refuses them. */
export const MIN_KDF_ITERATIONS = 600_000;
const WEAK_KDF = 'The server asks for a weaker password hashing than this app accepts. Please contact the operator.';
const LOST_KEYS = 'This browser no longer holds your keys. Please log in again.';

export class Session {
  constructor(api, account, identity, vault, wrapKey) {
    this.api = api;
    this.account = account;
    this.identity = identity;
    this.pins = { ...vault.pins };
    this.vaultVersion = account.vaultVersion;
    this.wrapKey = wrapKey;
  }

  get userId() {
    return this.account.userId;
  }

  get username() {
    return this.account.username;
  }

  static async signUp(api, username, password) {
    const iterations = await kdfIterations(api, username);
    const keys = await passwordKeys(username, password, iterations);
    const identity = await generateIdentity();
    const vault = await sealVault(keys.wrapKey, canonicalUsername(username), { x25519: b64urlEncode(identity.pkcs8), pins: {} });
    await api.publicPost('/api/auth/signup', {
      username, authKey: b64urlEncode(keys.authKey), kdfIterations: iterations,
      publicKey: b64urlEncode(identity.publicKey), vault: b64urlEncode(vault),
    });
    return Session.open(api, username, keys);
  }

  static async logIn(api, username, password) {
    const iterations = await kdfIterations(api, username);
    let keys;
    try {
      keys = await passwordKeys(username, password, iterations);
    } catch {
      // Not a username anyone can have: the same answer as any other failed login.
      throw new ApiError(401, 'invalid_credentials', 'Invalid username or password');
    }
    return Session.open(api, username, keys);
  }

  static async open(api, username, keys) {
    const answer = await api.publicPost('/api/auth/login',
      { username, authKey: b64urlEncode(keys.authKey), refreshTokenDelivery: 'cookie' });
    api.accept(answer);
    const wrapKey = await wrapKeyHandle(keys.wrapKey);
    const session = await Session.fromAccount(api, answer.account, wrapKey);
    await forgetWrapKeys();
    await keepWrapKey(session.userId, wrapKey);
    return session;
  }

  /** The session of a reloaded page, through the refresh cookie; null when there is none to restore. */
  static async restore(api) {
    let answer;
    try {
      answer = await api.refresh();
    } catch (error) {
      if (error.status === 401 || error.status === 403) {
        return null;
      }
      throw error;
    }
    const wrapKey = await keptWrapKey(answer.account.userId);
    if (!wrapKey) {
      await api.publicPost('/api/auth/session/logout', {}).catch(() => {});
      api.forget();
      throw new ApiError(401, 'keys_lost', LOST_KEYS);
    }
    return Session.fromAccount(api, answer.account, wrapKey);
  }

  static async fromAccount(api, account, wrapKey) {
    const vault = await openVault(wrapKey, canonicalUsername(account.username), b64urlDecode(account.vault));
    const identity = await importIdentity(b64urlDecode(vault.x25519));
    if (b64urlEncode(identity.publicKey) !== account.publicKey) {
      throw new ApiError(409, 'key_mismatch', 'Your key vault does not match your published key.');
    }
    return new Session(api, account, identity, vault, wrapKey);
  }

  // ------------------------------------------------------------ pinned friend keys (PROTOCOL.md §5)

  /** The key first seen for a friend, or undefined before the first conversation. */
  pinnedKey(friendId) {
    return this.pins[friendId];
  }

  /** Pins a friend's key in the vault; a vault changed by another device meanwhile is re-read and merged. */
  async pin(friendId, publicKey) {
    this.pins[friendId] = publicKey;
    for (let attempt = 0; attempt < 3; attempt++) {
      const vault = await sealVault(this.wrapKey, canonicalUsername(this.username),
        { x25519: b64urlEncode(this.identity.pkcs8), pins: this.pins });
      try {
        const answer = await this.api.put('/api/auth/vault',
          { vault: b64urlEncode(vault), expectedVersion: this.vaultVersion });
        this.vaultVersion = answer.vaultVersion;
        return;
      } catch (error) {
        if (error.status !== 409) {
          throw error;
        }
        const account = await this.api.get('/api/auth/me');
        const stored = await openVault(this.wrapKey, canonicalUsername(account.username), b64urlDecode(account.vault));
        this.pins = { ...stored.pins, [friendId]: publicKey };
        this.vaultVersion = account.vaultVersion;
      }
    }
    throw new ApiError(409, 'vault_conflict', 'Your keys were changed on another device at the same time. Please try again.');
  }

  // ------------------------------------------------------------ this tab's device and sending chains

  /** A device per tab: kept across reloads of the tab (sessionStorage), new in every other tab. */
  get deviceId() {
    const key = `parley.device.${this.userId}`;
    let device = sessionStorage.getItem(key);
    if (!device) {
      device = b64urlEncode(randomBytes(16));
      sessionStorage.setItem(key, device);
    }
    return device;
  }

  /** Starts a new device (after its chain position was lost): its chains start again at seq 1. */
  renewDevice() {
    Object.keys(sessionStorage).filter((key) => key.startsWith(`parley.chain.${this.userId}.`) || key === `parley.device.${this.userId}`)
      .forEach((key) => sessionStorage.removeItem(key));
  }

  /** This device's position in a conversation's chain: the last seq sealed and its hash. */
  chain(conversationId) {
    const stored = sessionStorage.getItem(`parley.chain.${this.userId}.${conversationId}`);
    if (!stored) {
      return { seq: 0, hash: ZERO_HASH };
    }
    const { seq, hash } = JSON.parse(stored);
    return { seq, hash: b64urlDecode(hash) };
  }

  advanceChain(conversationId, seq, hash) {
    sessionStorage.setItem(`parley.chain.${this.userId}.${conversationId}`, JSON.stringify({ seq, hash: b64urlEncode(hash) }));
  }

  // ------------------------------------------------------------ account

  async authKey(password) {
    return (await passwordKeys(this.username, password, this.account.kdfIterations)).authKey;
  }

  /** New authKey and the vault re-sealed under the new wrapKey, in one request; other sessions end. */
  async changePassword(currentPassword, newPassword) {
    const current = await passwordKeys(this.username, currentPassword, this.account.kdfIterations);
    const iterations = Math.max(this.account.kdfIterations, MIN_KDF_ITERATIONS);
    const next = await passwordKeys(this.username, newPassword, iterations);
    const account = await this.api.get('/api/auth/me');
    const vault = await openVault(this.wrapKey, canonicalUsername(this.username), b64urlDecode(account.vault));
    const sealed = await sealVault(next.wrapKey, canonicalUsername(this.username), vault);
    const changed = await this.api.post('/api/auth/password', {
      currentAuthKey: b64urlEncode(current.authKey), newAuthKey: b64urlEncode(next.authKey),
      kdfIterations: iterations, vault: b64urlEncode(sealed), vaultVersion: account.vaultVersion,
    });
    this.account = changed;
    this.vaultVersion = changed.vaultVersion;
    this.pins = { ...vault.pins };
    this.wrapKey = await wrapKeyHandle(next.wrapKey);
    await forgetWrapKeys();
    await keepWrapKey(this.userId, this.wrapKey);
  }

  async logOut() {
    try {
      await this.api.publicPost('/api/auth/session/logout', {});
    } finally {
      await this.forget();
    }
  }

  async logOutEverywhere() {
    await this.api.post('/api/auth/logout-all');
    await this.forget();
  }

  async deleteAccount(password) {
    const authKey = await this.authKey(password);
    await this.api.delete('/api/auth/account', { authKey: b64urlEncode(authKey) });
    await this.forget();
  }

  async forget() {
    this.api.forget();
    this.renewDevice();
    await forgetWrapKeys();
  }
}

async function kdfIterations(api, username) {
  const { kdfIterations: iterations } = await api.publicPost('/api/auth/prelogin', { username });
  if (!Number.isSafeInteger(iterations) || iterations < MIN_KDF_ITERATIONS) {
    throw new ApiError(0, 'weak_kdf', WEAK_KDF);
  }
  return iterations;
}
