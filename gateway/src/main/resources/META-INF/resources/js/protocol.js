// The Parley client protocol, version 1.2 (docs/PROTOCOL.md), in WebCrypto only.
//
// Every function here is pure: no network, no storage, no DOM. The browser tests check each export against
// docs/protocol/test-vectors.json, the same file the Java client library is tested against, so that a browser
// user and a Java client always understand each other.

const subtle = globalThis.crypto.subtle;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (text) => utf8Encoder.encode(text);

// ---------------------------------------------------------------- §0 encodings

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Map([...ALPHABET].map((character, index) => [character, index]));

/** base64url without padding (RFC 4648 §5). */
export function b64urlEncode(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const characters = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < characters; j++) {
      text += ALPHABET[(chunk >> (18 - 6 * j)) & 63];
    }
  }
  return text;
}

/**
 * Strict base64url: padding, characters outside the alphabet, an impossible length and non-zero bits after the
 * last whole byte are refused, so every byte string has exactly one accepted text form.
 */
export function b64urlDecode(text) {
  if (typeof text !== 'string' || text.length % 4 === 1) {
    throw new Error('not base64url');
  }
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const character of text) {
    const value = DECODE.get(character);
    if (value === undefined) {
      throw new Error('not base64url');
    }
    buffer = ((buffer << 6) | value) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = (buffer >> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) {
    throw new Error('not base64url: non-zero trailing bits');
  }
  return bytes;
}

export function concatBytes(...parts) {
  const result = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

export function equalBytes(a, b) {
  if (a.length !== b.length) {
    return false;
  }
  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    difference |= a[i] ^ b[i];
  }
  return difference === 0;
}

/** Byte-wise comparison as unsigned numbers. */
function compareBytes(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return a.length - b.length;
}

/**
 * RFC 8785 restricted to what the protocol uses: objects, strings and safe integers. JSON.stringify writes strings
 * exactly as RFC 8785 requires, and the default sort compares UTF-16 code units, the order RFC 8785 prescribes.
 */
export function canonicalize(value) {
  if (typeof value === 'string') {
    if (!isWellFormed(value)) {
      throw new Error('string with an unpaired surrogate');
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new Error(`not a safe integer: ${value}`);
    }
    return JSON.stringify(value);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const members = Object.keys(value).sort().map((key) => `${canonicalize(key)}:${canonicalize(value[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new Error('unsupported JSON value');
}

function isWellFormed(text) {
  if (typeof text.isWellFormed === 'function') {
    return text.isWellFormed();
  }
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

const sha256 = async (bytes) => new Uint8Array(await subtle.digest('SHA-256', bytes));

async function hkdf(ikm, salt, info) {
  const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) }, key, 256));
}

export function randomBytes(length) {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

// ---------------------------------------------------------------- §1 usernames, sign-up rules, password keys

/** The account's case-insensitive form; throws for a username that breaks the rules. */
export function canonicalUsername(username) {
  if (typeof username !== 'string' || !/^[A-Za-z0-9]{5,32}$/.test(username)) {
    throw new Error('invalid username');
  }
  return username.toLowerCase();
}

/** The texts users see (docs/PROTOCOL.md §1, "Sign-up checks made by clients"); the Java client keeps the same ones in SignUpMessages. */
export const SIGN_UP_MESSAGES = Object.freeze({
  fillInAllFields: 'Please fill in all fields',
  usernameLength: 'Username must be 5 to 32 characters long.',
  usernameCharacters: 'Username may contain only letters and digits.',
  passwordLength: 'Password must be 8 to 20 characters long.',
  passwordLowercase: 'Password must contain at least one lowercase letter.',
  passwordUppercase: 'Password must contain at least one uppercase letter.',
  passwordDigit: 'Password must contain at least one digit.',
  passwordSymbol: 'Password must contain at least one symbol.',
  passwordRepeats: 'Password must not repeat a character more than 3 times in a row.',
  passwordEqualsUsername: 'Password must not be the same as the username.',
  passwordsDoNotMatch: 'Passwords do not match.',
});

/** The password rules alone, for a password change, where the username is known to be valid. */
export function passwordMessages(username, password, passwordAgain) {
  const m = SIGN_UP_MESSAGES;
  const messages = [];
  const codePoints = [...password].length;
  const asciiLower = (text) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (codePoints < 8 || codePoints > 20) messages.push(m.passwordLength);
  if (!/\p{Ll}/u.test(password)) messages.push(m.passwordLowercase);
  if (!/\p{Lu}/u.test(password)) messages.push(m.passwordUppercase);
  if (!/\p{Nd}/u.test(password)) messages.push(m.passwordDigit);
  if (!/[^\p{L}\p{M}\p{N}\p{White_Space}]/u.test(password)) messages.push(m.passwordSymbol);
  if (/(.)\1{3}/su.test(password)) messages.push(m.passwordRepeats);
  if (asciiLower(password) === asciiLower(username)) messages.push(m.passwordEqualsUsername);
  if (password !== passwordAgain) messages.push(m.passwordsDoNotMatch);
  return messages;
}

/** One message per failed rule, in PROTOCOL.md §1's order; empty when the form may be sent. */
export function signUpMessages(username, password, passwordAgain) {
  const m = SIGN_UP_MESSAGES;
  if (!username || !password || !passwordAgain) {
    return [m.fillInAllFields];
  }
  return usernameMessages(username).concat(passwordMessages(username, password, passwordAgain));
}

/** The username rules alone: what the sign-up form shows next to the username as it is typed. */
export function usernameMessages(username) {
  const m = SIGN_UP_MESSAGES;
  const messages = [];
  const length = [...username].length;
  if (length < 5 || length > 32) messages.push(m.usernameLength);
  if (!/^[A-Za-z0-9]*$/.test(username)) messages.push(m.usernameCharacters);
  return messages;
}

/** masterKey, authKey and wrapKey from the password (PBKDF2-HMAC-SHA256, then HKDF). */
export async function passwordKeys(username, password, iterations) {
  const canonical = canonicalUsername(username);
  const passwordKey = await subtle.importKey('raw', utf8(password), 'PBKDF2', false, ['deriveBits']);
  const masterKey = new Uint8Array(await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: utf8(`parley/v1/${canonical}`), iterations }, passwordKey, 256));
  const empty = new Uint8Array(0);
  return {
    masterKey,
    authKey: await hkdf(masterKey, empty, 'parley/v1/auth'),
    wrapKey: await hkdf(masterKey, empty, 'parley/v1/wrap'),
  };
}

// ---------------------------------------------------------------- §2 identity keys and the vault

const X25519_PKCS8_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e,
  0x04, 0x22, 0x04, 0x20);

async function describeIdentity(privateKey) {
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', privateKey));
  const { x } = await subtle.exportKey('jwk', privateKey);
  return { pkcs8, publicKey: b64urlDecode(x) };
}

/**
 * An identity from its PKCS#8 form. The returned private key can only derive bits; the PKCS#8 bytes are kept by
 * the caller only to seal them into the vault again.
 */
export async function importIdentity(pkcs8Bytes) {
  if (pkcs8Bytes.length !== 48 || !equalBytes(pkcs8Bytes.subarray(0, 16), X25519_PKCS8_PREFIX)) {
    throw new Error('not an X25519 PKCS#8 private key');
  }
  const exportable = await subtle.importKey('pkcs8', pkcs8Bytes, { name: 'X25519' }, true, ['deriveBits']);
  const { pkcs8, publicKey } = await describeIdentity(exportable);
  const privateKey = await subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, false, ['deriveBits']);
  return { privateKey, publicKey, pkcs8 };
}

/** A new identity key pair (at sign-up). */
export async function generateIdentity() {
  const pair = await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
  const { pkcs8 } = await describeIdentity(pair.privateKey);
  return importIdentity(pkcs8);
}

/** An AES-GCM key from raw bytes, or the CryptoKey itself (the kept, non-extractable wrapKey). */
async function aesKey(key, usage) {
  return key instanceof CryptoKey ? key : subtle.importKey('raw', key, 'AES-GCM', false, [usage]);
}

/** The wrapKey as a non-extractable CryptoKey: it can seal and open the vault, and never be read back. */
export async function wrapKeyHandle(wrapKeyBytes) {
  return subtle.importKey('raw', wrapKeyBytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

async function aesGcmSeal(keyBytes, nonce, plaintext, aad) {
  const key = await aesKey(keyBytes, 'encrypt');
  return new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, key,
    plaintext));
}

/** The plaintext, or null when AES-GCM rejects the ciphertext. */
async function aesGcmOpen(keyBytes, nonce, ciphertext, aad) {
  const key = await aesKey(keyBytes, 'decrypt');
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 },
      key, ciphertext));
  } catch {
    return null;
  }
}

export class VaultOpenError extends Error {
  constructor(reason, message) {
    super(message);
    this.name = 'VaultOpenError';
    this.reason = reason;
  }
}

/**
 * nonce(12) || AES-256-GCM(wrapKey, nonce, canonical vault JSON, aad = "parley/v1/vault/" + canonical username). The
 * JSON holds n, the vault version this upload creates (1.1), when vault.n is set.
 */
export async function sealVault(wrapKey, canonical, vault, nonce = randomBytes(12)) {
  const content = { v: 1, x25519: vault.x25519, pins: vault.pins ?? {} };
  if (vault.n) {
    content.n = vault.n;
  }
  const json = canonicalize(content);
  return concatBytes(nonce, await aesGcmSeal(wrapKey, nonce, utf8(json), utf8(`parley/v1/vault/${canonical}`)));
}

/**
 * The vault object {v, n, x25519, pins}, n = 0 for a vault made before 1.1; rejects with a VaultOpenError
 * (NOT_AUTHENTIC or UNREADABLE).
 */
export async function openVault(wrapKey, canonical, sealed) {
  const plaintext = sealed.length >= 28
    ? await aesGcmOpen(wrapKey, sealed.subarray(0, 12), sealed.subarray(12), utf8(`parley/v1/vault/${canonical}`))
    : null;
  if (plaintext === null) {
    throw new VaultOpenError('NOT_AUTHENTIC', 'The key vault does not open with this password.');
  }
  let vault;
  try {
    vault = JSON.parse(utf8Decoder.decode(plaintext));
  } catch {
    throw new VaultOpenError('UNREADABLE', 'The key vault is not readable.');
  }
  const keys = vault && typeof vault === 'object' && !Array.isArray(vault) ? Object.keys(vault).sort() : [];
  const pins = vault?.pins;
  const versioned = keys.join() === 'n,pins,v,x25519' && Number.isSafeInteger(vault.n) && vault.n >= 1;
  const wellFormed = (versioned || keys.join() === 'pins,v,x25519') && vault.v === 1 && decodes(vault.x25519, 48)
    && pins && typeof pins === 'object' && !Array.isArray(pins) && Object.values(pins).every((key) => decodes(key, 32));
  if (!wellFormed) {
    throw new VaultOpenError('UNREADABLE', 'The key vault is not readable.');
  }
  return { v: 1, n: versioned ? vault.n : 0, x25519: vault.x25519, pins: { ...pins } };
}

/**
 * PROTOCOL.md §2 (1.1): ACCEPTED, or ROLLED_BACK when the vault is older than the newest this browser opened for the
 * account, or VERSION_MISMATCH when its sealed n is not the version the server names (n = 0: made before 1.1).
 */
export function vaultVersionCheck(n, serverVersion, highestSeen) {
  if (n < highestSeen) {
    return 'ROLLED_BACK';
  }
  if (n !== 0 && n !== serverVersion) {
    return 'VERSION_MISMATCH';
  }
  return 'ACCEPTED';
}

/**
 * Merges the pins of a vault another device stored into this client's: pins missing here are taken over; a stored pin
 * that differs from this client's is never taken over silently but returned as a conflict, for the key-change warning.
 */
export function mergePins(mine, stored) {
  const merged = { ...mine };
  const conflicts = [];
  for (const [userId, key] of Object.entries(stored)) {
    if (!(userId in merged)) {
      merged[userId] = key;
    } else if (merged[userId] !== key) {
      conflicts.push({ userId, pinned: merged[userId], stored: key });
    }
  }
  return { merged, conflicts };
}

/** PROTOCOL.md §5: how the key the server presents for a friend compares with the pinned one (base64url strings). */
export function pinCheck(pinned, presented) {
  if (!pinned) {
    return 'NOT_PINNED';
  }
  return pinned === presented ? 'MATCHES' : 'CHANGED';
}

function decodes(text, length) {
  try {
    return b64urlDecode(text).length === length;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- §3 conversation key

/** X25519; WebCrypto refuses small-order public keys (an all-zero shared secret), and so does this. */
export async function sharedSecret(privateKey, theirPublicKey) {
  const publicKey = await subtle.importKey('raw', theirPublicKey, { name: 'X25519' }, true, []);
  const shared = new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: publicKey }, privateKey, 256));
  if (shared.every((byte) => byte === 0)) {
    throw new Error('all-zero shared secret');
  }
  return shared;
}

export async function conversationKey(privateKey, myPublicKey, theirPublicKey, conversationId) {
  return pairwiseKey(privateKey, myPublicKey, theirPublicKey, `parley/v1/conv/${conversationId}`);
}

/** HKDF over the X25519 secret, salted with both public keys in byte order, so both sides derive the same key. */
async function pairwiseKey(privateKey, myPublicKey, theirPublicKey, info) {
  const shared = await sharedSecret(privateKey, theirPublicKey);
  const [low, high] = compareBytes(myPublicKey, theirPublicKey) <= 0 ? [myPublicKey, theirPublicKey]
    : [theirPublicKey, myPublicKey];
  const salt = await sha256(concatBytes(low, high));
  return hkdf(shared, salt, info);
}

// ---------------------------------------------------------------- §4 messages

export const ZERO_HASH = new Uint8Array(32);
const HEADER_KEYS = 'conv,device,from,prev,seq,v';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function messageHeader(conv, from, device, seq, prevHash) {
  return { v: 1, conv, from, device, seq, prev: b64urlEncode(prevHash) };
}

/** Seals a body under the conversation key: the envelope as sent, and its hash (the next message's prev). */
export async function sealMessage(convKey, header, body, nonce = randomBytes(12)) {
  const aadText = canonicalize(header);
  const aad = utf8(aadText);
  const ciphertext = await aesGcmSeal(convKey, nonce, utf8(canonicalize(body)), aad);
  const hash = await sha256(concatBytes(aad, nonce, ciphertext));
  return { envelope: { header: { ...header }, nonce: b64urlEncode(nonce), ciphertext: b64urlEncode(ciphertext) }, hash,
    aad: aadText };
}

/**
 * Check 1 of §4 (MODIFIED): the envelope's shape, its conversation, AES-GCM and the body. Returns
 * {header, body, hash} or null when the message is MODIFIED.
 */
export async function openEnvelope(convKey, conversationId, envelope) {
  const parts = wellFormed(envelope);
  if (parts === null || envelope.header.conv !== conversationId) {
    return null;
  }
  const plaintext = await aesGcmOpen(convKey, parts.nonce, parts.ciphertext, parts.aad);
  const body = plaintext === null ? null : messageBody(plaintext);
  if (body === null) {
    return null;
  }
  const hash = await sha256(concatBytes(parts.aad, parts.nonce, parts.ciphertext));
  return { header: envelope.header, body, hash, prev: parts.prev };
}

/** The envelope's decoded parts and aad, or null when it does not have exactly the keys given or a value is wrong. */
function wellFormed(envelope, envelopeKeys = 'ciphertext,header,nonce', headerKeys = HEADER_KEYS) {
  if (!envelope || typeof envelope !== 'object' || Object.keys(envelope).sort().join() !== envelopeKeys) {
    return null;
  }
  const { header, nonce, ciphertext } = envelope;
  if (!header || typeof header !== 'object' || Array.isArray(header) || Object.keys(header).sort().join() !== headerKeys) {
    return null;
  }
  try {
    const parts = {
      nonce: b64urlDecode(nonce),
      ciphertext: b64urlDecode(ciphertext),
      device: b64urlDecode(header.device),
      prev: b64urlDecode(header.prev),
    };
    const valid = header.v === 1 && typeof header.conv === 'string' && typeof header.from === 'string'
      && Number.isSafeInteger(header.seq) && header.seq >= 1 && parts.device.length === 16 && parts.prev.length === 32
      && parts.nonce.length === 12 && parts.ciphertext.length >= 16;
    return valid ? { ...parts, aad: utf8(canonicalize(header)) } : null;
  } catch {
    return null;
  }
}

function messageBody(plaintext) {
  try {
    const body = JSON.parse(utf8Decoder.decode(plaintext));
    const valid = body && typeof body === 'object' && !Array.isArray(body) && typeof body.text === 'string'
      && typeof body.sentAt === 'string' && ISO_INSTANT.test(body.sentAt) && !Number.isNaN(Date.parse(body.sentAt));
    return valid ? { text: body.text, sentAt: body.sentAt } : null;
  } catch {
    return null;
  }
}

export const isUuid = (text) => typeof text === 'string' && UUID.test(text);

/**
 * The recipient's checks of §4, in order, over messages as they arrive. One chain per (sender, device): the last
 * accepted seq and hash. DROPPED and BROKEN_CHAIN messages are authentic, so the chain moves on to them; the other
 * failures leave it as it was. The chains can be saved (state()) and resumed (MessageVerifier.resume), so that the
 * first message read after a reload, or at the start of the next page, is checked like every other (1.1).
 */
export class MessageVerifier {
  constructor(convKey, conversationId, expectedSenderUserId) {
    this.convKey = convKey;
    this.conversationId = conversationId;
    this.expectedSender = expectedSenderUserId;
    this.chains = new Map();
  }

  /** A verifier continuing from saved chains: [{from, device, seq, hash (base64url)}] as state() gives them. */
  static resume(convKey, conversationId, expectedSenderUserId, state) {
    const verifier = new MessageVerifier(convKey, conversationId, expectedSenderUserId);
    for (const { from, device, seq, hash } of state) {
      if (from === expectedSenderUserId) {
        verifier.chains.set(`${from}/${device}`, { seq, hash: b64urlDecode(hash) });
      }
    }
    return verifier;
  }

  /** Where every chain stands, as plain data to keep in IndexedDB. */
  state() {
    return [...this.chains].map(([id, { seq, hash }]) => {
      const [from, device] = id.split('/');
      return { from, device, seq, hash: b64urlEncode(hash) };
    });
  }

  /** {result, body, hash}: body and hash of an authentic message (anything but MODIFIED). */
  async verify(envelope) {
    const opened = await openEnvelope(this.convKey, this.conversationId, envelope);
    if (opened === null) {
      return { result: 'MODIFIED' };
    }
    const outcome = (result) => ({ result, body: opened.body, hash: opened.hash });
    if (opened.header.from !== this.expectedSender) {
      return outcome('WRONG_SENDER');
    }
    return outcome(chainCheck(this.chains, opened.header, opened.prev, opened.hash));
  }
}

/** The key of a message's chain in a verifier's chains: its sender and device. */
function chainIdOf(header) {
  return `${header.from}/${header.device}`;
}

/**
 * The chain checks of §4 for an authentic message from a sender it may come from: REPLAYED_OR_REORDERED, DROPPED,
 * BROKEN_CHAIN or INTACT. chains maps "from/device" to {seq, hash}; DROPPED and BROKEN_CHAIN messages move it on.
 */
function chainCheck(chains, header, prev, hash) {
  const chainId = chainIdOf(header);
  const chain = chains.get(chainId) ?? { seq: 0, hash: ZERO_HASH };
  if (header.seq <= chain.seq) {
    return 'REPLAYED_OR_REORDERED';
  }
  chains.set(chainId, { seq: header.seq, hash });
  if (header.seq > chain.seq + 1) {
    return 'DROPPED';
  }
  return equalBytes(prev, chain.hash) ? 'INTACT' : 'BROKEN_CHAIN';
}

// ---------------------------------------------------------------- §5 safety number

/** SHA-256 over both public keys in byte order, shown as six groups of five digits. */
export async function safetyNumber(publicKeyA, publicKeyB) {
  const [low, high] = compareBytes(publicKeyA, publicKeyB) <= 0 ? [publicKeyA, publicKeyB] : [publicKeyB, publicKeyA];
  const fingerprint = await sha256(concatBytes(low, high));
  const groups = [];
  for (let offset = 0; offset < 30; offset += 5) {
    let chunk = 0n;
    for (const byte of fingerprint.subarray(offset, offset + 5)) {
      chunk = (chunk << 8n) | BigInt(byte);
    }
    groups.push((chunk % 100000n).toString().padStart(5, '0'));
  }
  return { fingerprint, text: groups.join(' ') };
}

// ---------------------------------------------------------------- §7 group conversations (1.2)

const GROUP_HEADER_KEYS = 'conv,device,epoch,from,prev,seq,v';
const WRAP_LENGTH = 12 + 32 + 32 + 16;

/** The key two members share in one group: like the conversation key, with the group id in its info. */
export async function groupPairKey(privateKey, myPublicKey, theirPublicKey, groupId) {
  return pairwiseKey(privateKey, myPublicKey, theirPublicKey, `parley/v1/group/${groupId}`);
}

export function groupMessageHeader(groupId, from, device, seq, prevHash, epoch) {
  return { ...messageHeader(groupId, from, device, seq, prevHash), epoch };
}

// The recipient's id in the wrap's aad keeps a wrap from being moved under another member's entry.
const wrapAad = (aad, userId) => concatBytes(aad, utf8(userId));

/**
 * Seals a body once under a fresh key K and wraps K || hash for each recipient ([{userId, pairKey}], the other members
 * of the header's epoch) under the key the sender shares with them. K and the nonces are fixed only by the test
 * vectors. Returns the envelope as sent, its hash (the chain's next prev) and the aad.
 */
export async function sealGroupMessage(header, body, recipients, messageKey = randomBytes(32), nonce = randomBytes(12),
  wrapNonces = {}) {
  const aadText = canonicalize(header);
  const aad = utf8(aadText);
  const ciphertext = await aesGcmSeal(messageKey, nonce, utf8(canonicalize(body)), aad);
  const hash = await sha256(concatBytes(aad, nonce, ciphertext));
  const keys = {};
  for (const { userId, pairKey } of recipients) {
    if (userId in keys) {
      throw new Error(`two pair keys for ${userId}`);
    }
    const wrapNonce = wrapNonces[userId] ?? randomBytes(12);
    keys[userId] = b64urlEncode(concatBytes(wrapNonce,
      await aesGcmSeal(pairKey, wrapNonce, concatBytes(messageKey, hash), wrapAad(aad, userId))));
  }
  return {
    envelope: { header: { ...header }, nonce: b64urlEncode(nonce), ciphertext: b64urlEncode(ciphertext), keys },
    hash,
    aad: aadText,
  };
}

/** The parts of a well-formed group envelope (PROTOCOL.md §7), its wraps decoded, or null. */
function wellFormedGroup(envelope) {
  const parts = wellFormed(envelope, 'ciphertext,header,keys,nonce', GROUP_HEADER_KEYS);
  const { keys } = envelope ?? {};
  if (parts === null || !Number.isSafeInteger(envelope.header.epoch) || envelope.header.epoch < 1
    || !keys || typeof keys !== 'object' || Array.isArray(keys) || Object.keys(keys).length === 0
    || !Object.values(keys).every((wrap) => decodes(wrap, WRAP_LENGTH))) {
    return null;
  }
  return parts;
}

/**
 * The reader's checks of a group message (PROTOCOL.md §7), in order: MODIFIED (shape, group), KEY_MISSING (no wrap for
 * the reader), MODIFIED (the wrap under the pair key with the sender), CIPHERTEXT_SWAPPED (the hash in the wrap is not
 * the envelope's), MODIFIED (the ciphertext under K), NOT_A_MEMBER (of the header's epoch), then the chain checks of §4
 * per (sender, device), where a reader who joined after the group began starts each chain at the first message of it
 * they read in each of their membership periods. pairKeys: Map of member user id to the key the reader shares with
 * them; epochs: Map of epoch number to the Set of its members' user ids.
 */
export class GroupVerifier {
  constructor(groupId, readerUserId, pairKeys, epochs) {
    this.groupId = groupId;
    this.reader = readerUserId;
    this.pairKeys = pairKeys;
    this.epochs = epochs;
    this.chains = new Map();
    // per chain, the epoch of the last message that moved it: whether the chain was met in the reader's present period
    this.chainEpochs = new Map();
  }

  /** {result, body, hash}: body and hash of a message whose sender the reader authenticated. */
  async verify(envelope) {
    const parts = wellFormedGroup(envelope);
    if (parts === null || envelope.header.conv !== this.groupId) {
      return { result: 'MODIFIED' };
    }
    const { header, keys } = envelope;
    if (!Object.hasOwn(keys, this.reader)) {
      return { result: 'KEY_MISSING' };
    }
    const pairKey = this.pairKeys.get(header.from);
    const wrap = b64urlDecode(keys[this.reader]);
    const wrapped = pairKey === undefined ? null
      : await aesGcmOpen(pairKey, wrap.subarray(0, 12), wrap.subarray(12), wrapAad(parts.aad, this.reader));
    if (wrapped === null) {
      return { result: 'MODIFIED' };
    }
    const hash = await sha256(concatBytes(parts.aad, parts.nonce, parts.ciphertext));
    if (!equalBytes(wrapped.subarray(32), hash)) {
      return { result: 'CIPHERTEXT_SWAPPED' };
    }
    const plaintext = await aesGcmOpen(wrapped.subarray(0, 32), parts.nonce, parts.ciphertext, parts.aad);
    const body = plaintext === null ? null : messageBody(plaintext);
    if (body === null) {
      return { result: 'MODIFIED' };
    }
    const outcome = (result) => ({ result, body, hash });
    if (!(this.epochs.get(header.epoch)?.has(header.from) ?? false)) {
      return outcome('NOT_A_MEMBER');
    }
    const chainId = chainIdOf(header);
    const startsHere = this.startsChainFor(chainId, header.epoch);
    const result = chainCheck(this.chains, header, parts.prev, hash);
    if (result !== 'REPLAYED_OR_REORDERED') {
      this.chainEpochs.set(chainId, header.epoch);
    }
    return outcome(result === 'DROPPED' && startsHere ? 'INTACT' : result);
  }

  /**
   * Whether a message of the epoch starts the chain for the reader (PROTOCOL.md §7, where a reader's chains start):
   * it is the chain's first in a membership period of the reader that began after the group's first epoch, so the
   * messages before it were sent before the reader joined and skipping ahead is no gap.
   */
  startsChainFor(chainId, epoch) {
    if (!(this.epochs.get(epoch)?.has(this.reader) ?? false)) {
      return false;
    }
    let periodStart = epoch;
    while (this.epochs.get(periodStart - 1)?.has(this.reader) ?? false) {
      periodStart -= 1;
    }
    return periodStart > 1 && !((this.chainEpochs.get(chainId) ?? 0) >= periodStart);
  }
}
