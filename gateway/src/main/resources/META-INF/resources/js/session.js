// A signed-in user: the account, the identity key opened from the vault, the pinned keys of friends, this tab's
// device id and sending chains. The password is used to derive keys and is not kept; the authKey it gives is kept
// in this page's memory only (never stored), because every vault upload must carry it (PROTOCOL.md §2, 1.1). A
// reloaded page does not have it: the first vault upload after a reload asks for the password.

import { ApiError } from './api.js';
import { forgetChecks } from './checks.js';
import {
  anyWrapKeyKept, forgetVaultVersion, forgetWrapKeys, highestVaultVersion, keepWrapKey, keptWrapKey, rememberVaultVersion,
} from './keystore.js';
import {
  b64urlDecode, b64urlEncode, canonicalUsername, generateIdentity, importIdentity, mergePins, openVault, passwordKeys,
  randomBytes, sealVault, vaultVersionCheck, wrapKeyHandle, ZERO_HASH,
} from './protocol.js';

/** Fewer PBKDF2 iterations than this would make a stolen vault cheap to attack: the client refuses them. */
export const MIN_KDF_ITERATIONS = 600_000;
const WEAK_KDF = 'The server asks for a weaker password hashing than this app accepts. Please contact the operator.';
const LOST_KEYS = 'This browser no longer holds your keys. Please log in again.';
export const PASSWORD_REQUIRED = 'Enter your password to change your keys.';
const WRONG_PASSWORD = 'The current password is not correct.';
const VAULT_ATTEMPTS = 3;

/** A vault the server handed out that this browser refuses (PROTOCOL.md §2, 1.1): shown as an alert, never used. */
export class VaultVersionError extends ApiError {
  constructor(check, sealed, server, highest) {
    const rolledBack = check === 'ROLLED_BACK';
    super(409, rolledBack ? 'vault_rolled_back' : 'vault_version_mismatch', rolledBack
      ? `The server returned an older version of your key vault (version ${sealed}) than this browser has opened before `
        + `(version ${highest}). It was not used: someone may have tampered with your account's data on the server.`
      : `Your key vault is sealed as version ${sealed}, but the server says it is version ${server}. It was not used: `
        + 'someone may have tampered with your account\'s data on the server.');
    this.check = check;
  }
}

export class Session {
  constructor(api, account, identity, vault, wrapKey, authKey = null) {
    this.api = api;
    this.account = account;
    this.identity = identity;
    this.pins = { ...vault.pins };
    this.vaultVersion = account.vaultVersion;
    this.wrapKey = wrapKey;
    /** The authKey, in memory only: vault uploads carry it; null after a reload until the password is given. */
    this.heldAuthKey = authKey;
    /** Pins another device stored that differ from this browser's, by friend id: warned about like a changed key. */
    this.pinConflicts = {};
    /** Pins made here that are not in the uploaded vault yet (the password is needed to upload). */
    this.unsavedPins = false;
  }

  get userId() {
    return this.account.userId;
  }

  get username() {
    return this.account.username;
  }

  static async signUp(api, username, password) {
    // The protocol's default, not prelogin's answer: for a name nobody has yet, prelogin answers a decoy, one of the
    // counts existing accounts use (so that it reveals nothing), which may be an older, weaker one.
    const iterations = MIN_KDF_ITERATIONS;
    const keys = await passwordKeys(username, password, iterations);
    const identity = await generateIdentity();
    const vault = await sealVault(keys.wrapKey, canonicalUsername(username),
      { n: 1, x25519: b64urlEncode(identity.pkcs8), pins: {} });
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
    keys.wrapKey.fill(0);
    keys.masterKey.fill(0);
    const session = await Session.fromAccount(api, answer.account, wrapKey, keys.authKey)
      .catch((error) => endRefused(api, error));
    await forgetWrapKeys();
    await keepWrapKey(session.userId, wrapKey);
    return session;
  }

  /** The session of a reloaded page, through the refresh cookie; null when there is none to restore. */
  static async restore(api) {
    // Only a browser that keeps a wrapKey can open a restored session, and every login keeps one, every session end
    // deletes it: without one the refresh cookie is not even asked about. On a first visit or after a logout that
    // request could only get the expected 401, which browsers log in red in the console whatever the page does.
    if (!(await anyWrapKeyKept())) {
      return null;
    }
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
    return Session.fromAccount(api, answer.account, wrapKey).catch((error) => endRefused(api, error));
  }

  static async fromAccount(api, account, wrapKey, authKey = null) {
    const vault = await openChecked(account, wrapKey);
    const identity = await importIdentity(b64urlDecode(vault.x25519));
    if (b64urlEncode(identity.publicKey) !== account.publicKey) {
      throw new ApiError(409, 'key_mismatch', 'Your key vault does not match your published key.');
    }
    return new Session(api, account, identity, vault, wrapKey, authKey);
  }

  // ------------------------------------------------------------ pinned friend keys (PROTOCOL.md §5)

  /** The key first seen for a friend, or undefined before the first conversation. */
  pinnedKey(friendId) {
    return this.pins[friendId];
  }

  /**
   * Pins a friend's key (first use, or a change the user accepted) and uploads the vault. The pin holds in this page
   * at once; without the authKey (after a reload) the upload waits for the password (unlock), and this rejects with
   * the password_required error.
   */
  async pin(friendId, publicKey) {
    await this.pinAll([[friendId, publicKey]]);
  }

  /** Pins the first keys seen of several people at once (a group's members): one vault upload for all of them. */
  async pinAll(entries) {
    for (const [userId, publicKey] of entries) {
      this.pins[userId] = publicKey;
      delete this.pinConflicts[userId];
    }
    this.unsavedPins = true;
    await this.saveVault();
  }

  /**
   * Pins the new key of a friend after the user compared safety numbers. Unlike a first pin it changes a key the user
   * relies on, so it takes effect only once the vault is uploaded: without the authKey it rejects with
   * password_required and changes nothing.
   */
  async acceptPin(friendId, publicKey) {
    if (!this.heldAuthKey) {
      throw new ApiError(403, 'password_required', PASSWORD_REQUIRED);
    }
    const before = this.pins[friendId];
    try {
      await this.pin(friendId, publicKey);
    } catch (error) {
      this.pins[friendId] = before;
      throw error;
    }
  }

  /** Gives the password again (after a reload), so that the vault can be uploaded; checks it opens the vault. */
  async unlock(password) {
    const account = await this.api.get('/api/auth/me');
    const keys = await passwordKeys(this.username, password, checkedIterations(account.kdfIterations));
    try {
      await openVault(keys.wrapKey, canonicalUsername(this.username), b64urlDecode(account.vault));
    } catch {
      throw new ApiError(403, 'forbidden', WRONG_PASSWORD);
    }
    this.heldAuthKey = keys.authKey;
    if (this.unsavedPins) {
      await this.saveVault();
    }
  }

  /**
   * Uploads the vault as version n = the version it replaces + 1, with the authKey. When another device uploaded
   * meanwhile (409), its vault is read, checked like at login, and merged: pins missing here are taken over, a pin
   * that differs from this browser's is kept as pinned here and noted in pinConflicts, never taken over silently.
   */
  async saveVault() {
    if (!this.heldAuthKey) {
      throw new ApiError(403, 'password_required', PASSWORD_REQUIRED);
    }
    for (let attempt = 1; ; attempt++) {
      const n = this.vaultVersion + 1;
      const vault = await sealVault(this.wrapKey, canonicalUsername(this.username),
        { n, x25519: b64urlEncode(this.identity.pkcs8), pins: this.pins });
      try {
        const answer = await this.api.put('/api/auth/vault',
          { vault: b64urlEncode(vault), expectedVersion: this.vaultVersion, authKey: b64urlEncode(this.heldAuthKey) });
        this.vaultVersion = answer.vaultVersion;
        this.unsavedPins = false;
        await rememberVaultVersion(this.userId, n);
        return;
      } catch (error) {
        if (error.status === 403) {
          this.heldAuthKey = null;
        }
        if (error.status !== 409 || attempt === VAULT_ATTEMPTS) {
          throw error;
        }
      }
      const account = await this.api.get('/api/auth/me');
      const stored = await openChecked(account, this.wrapKey);
      const { merged, conflicts } = mergePins(this.pins, stored.pins);
      this.pins = merged;
      conflicts.forEach(({ userId, stored: key }) => {
        this.pinConflicts[userId] = key;
      });
      this.vaultVersion = account.vaultVersion;
    }
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

  /**
   * New authKey and the vault re-sealed under the new wrapKey, in one request; other sessions end. The vault sealed
   * is the one stored now (checked like at login), with this browser's pins merged in, as version vaultVersion + 1.
   * The iteration count comes from the server and is checked against the floor before any key is derived.
   */
  async changePassword(currentPassword, newPassword) {
    const account = await this.api.get('/api/auth/me');
    const iterations = checkedIterations(account.kdfIterations);
    const current = await passwordKeys(this.username, currentPassword, iterations);
    const next = await passwordKeys(this.username, newPassword, iterations);
    const stored = await openChecked(account, this.wrapKey);
    const { merged, conflicts } = mergePins(this.pins, stored.pins);
    const n = account.vaultVersion + 1;
    const sealed = await sealVault(next.wrapKey, canonicalUsername(this.username),
      { n, x25519: stored.x25519, pins: merged });
    const changed = await this.api.post('/api/auth/password', {
      currentAuthKey: b64urlEncode(current.authKey), newAuthKey: b64urlEncode(next.authKey),
      kdfIterations: iterations, vault: b64urlEncode(sealed), vaultVersion: account.vaultVersion,
    });
    await rememberVaultVersion(this.userId, n);
    this.account = changed;
    this.vaultVersion = changed.vaultVersion;
    this.pins = merged;
    conflicts.forEach(({ userId, stored: key }) => {
      this.pinConflicts[userId] = key;
    });
    this.unsavedPins = false;
    this.heldAuthKey = next.authKey;
    this.wrapKey = await wrapKeyHandle(next.wrapKey);
    next.wrapKey.fill(0);
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

  /** The iteration count comes from the server and is checked against the floor before the key is derived. */
  async deleteAccount(password) {
    const account = await this.api.get('/api/auth/me');
    const { authKey } = await passwordKeys(this.username, password, checkedIterations(account.kdfIterations));
    await this.api.delete('/api/auth/account', { authKey: b64urlEncode(authKey) });
    await this.forget();
    await forgetChecks(this.userId).catch(() => {});
    await forgetVaultVersion(this.userId).catch(() => {});
  }

  async forget() {
    this.api.forget();
    this.heldAuthKey = null;
    this.renewDevice();
    await forgetWrapKeys();
  }
}

/** A vault that was refused ends the session it came with: nothing may be uploaded over it. */
async function endRefused(api, error) {
  if (error instanceof VaultVersionError) {
    await api.publicPost('/api/auth/session/logout', {}).catch(() => {});
    api.forget();
    await forgetWrapKeys();
  }
  throw error;
}

/**
 * Opens the account's vault and refuses it when its sealed version shows that the server replaced it: older than
 * one this browser opened (rolled back), or not the version the server names. Remembers the version it accepts.
 */
async function openChecked(account, wrapKey) {
  const vault = await openVault(wrapKey, canonicalUsername(account.username), b64urlDecode(account.vault));
  const highest = await highestVaultVersion(account.userId);
  const check = vaultVersionCheck(vault.n, account.vaultVersion, highest);
  if (check !== 'ACCEPTED') {
    throw new VaultVersionError(check, vault.n, account.vaultVersion, highest);
  }
  await rememberVaultVersion(account.userId, vault.n);
  return vault;
}

function checkedIterations(iterations) {
  if (!Number.isSafeInteger(iterations) || iterations < MIN_KDF_ITERATIONS) {
    throw new ApiError(0, 'weak_kdf', WEAK_KDF);
  }
  return iterations;
}

async function kdfIterations(api, username) {
  const { kdfIterations: iterations } = await api.publicPost('/api/auth/prelogin', { username });
  return checkedIterations(iterations);
}
