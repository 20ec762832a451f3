// Generates docs/protocol/test-vectors.json: fixed inputs and expected outputs for every
// step of docs/PROTOCOL.md, computed with Node's built-in WebCrypto (the same API the
// browser client uses) and no npm packages, so that the values are independent of the
// Java client library that is tested against them.
//
//   node docs/protocol/generate-vectors.mjs          rewrite the file
//   node docs/protocol/generate-vectors.mjs --check  exit 1 if the file differs from a fresh run
//
// Every input is fixed (keys, nonces, ids, times), so the output is deterministic.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const subtle = globalThis.crypto.subtle;
const utf8 = new TextEncoder();
const OUTPUT = fileURLToPath(new URL('./test-vectors.json', import.meta.url));

const hex = (text) => Uint8Array.from(Buffer.from(text, 'hex'));
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const fromB64url = (text) => Uint8Array.from(Buffer.from(text, 'base64url'));
const concat = (...parts) => Uint8Array.from(Buffer.concat(parts.map((part) => Buffer.from(part))));
const sha256 = async (bytes) => new Uint8Array(await subtle.digest('SHA-256', bytes));

function assertEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${actual}`);
  }
}

// ---------------------------------------------------------------- §0 encodings

// RFC 8785 restricted to what the protocol uses: objects, strings and safe integers.
// JSON.stringify already writes strings exactly as RFC 8785 requires, and the default
// sort compares UTF-16 code units, which is the key order RFC 8785 prescribes.
function canonicalize(value) {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new Error('string with an unpaired surrogate');
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
    return JSON.stringify(value);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const members = Object.keys(value).sort().map((key) => `${canonicalize(key)}:${canonicalize(value[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new Error(`unsupported JSON value: ${JSON.stringify(value)}`);
}

const canonicalBytes = (value) => utf8.encode(canonicalize(value));

function base64urlVectors() {
  const valid = ['', '00', '0001', '000102', 'fb', 'fbff', 'fbffbf', 'ffffffff', '48656c6c6f2c20576f726c6421']
    .map((bytesHex) => ({ bytesHex, encoded: b64url(hex(bytesHex)) }));
  // Inputs a strict decoder refuses: padding, characters outside the url-safe alphabet,
  // an impossible length, and non-zero bits after the last whole byte.
  const invalid = ['AA==', 'AAE=', 'A', 'AB', 'AAF', 'A+8', 'A/8', 'AA AA', 'AA\n', 'AA.A'];
  return { valid, invalid };
}

function canonicalJsonVectors() {
  const inputs = [
    {
      v: 1, seq: 42, conv: '3f1c2b9e-8d4a-4c6b-9f0e-2a7d5c1b8e60', from: '7a1d0f52-3c4b-4e8a-9b6d-1f2e3a4b5c6d',
      device: 'AAECAwQFBgcICQoLDA0ODw', prev: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    },
    {
      quote: '"', backslash: '\\', controls: '\b\f\n\r\t\u0000\u0001\u001f', del: '\u007f', slash: '/',
      nonAscii: 'Grüße 👋', lineSeparator: '\u2028', html: '<a href="x">&</a>',
    },
    { '\u20ac': 'euro', '\ud83d\ude00': 'emoji', '\ufb33': 'dalet', a: 'lower', B: 'upper', '': 'empty key', '1': 'digit' },
    { b: { z: 1, a: -2 }, a: {}, c: { nested: { deeper: 'yes' } } },
    { zero: 0, negative: -1, maxSafe: 9007199254740991, minSafe: -9007199254740991 },
  ];
  const valid = inputs.map((input) => ({ input, canonical: canonicalize(input) }));
  // A number is the double that JSON.parse reads, so other spellings of an integer are that integer.
  const numberForms = ['{"exponent":1e3}', '{"negativeZero":-0}', '{"trailingZeros":10.000}', '{"escapedKey\\u0041":"\\u00e9"}']
    .map((inputText) => ({ inputText, canonical: canonicalize(JSON.parse(inputText)) }));
  const invalid = [
    '{"fraction":1.5}', '{"tooBig":9007199254740992}', '{"bool":true}', '{"nothing":null}',
    '{"array":[1]}', '[1]', '{"lone":"\\ud800"}',
  ];
  for (const text of invalid) {
    let refused = false;
    try { canonicalize(JSON.parse(text)); } catch { refused = true; }
    if (!refused) throw new Error(`reference canonicalizer accepted ${text}`);
  }
  return { valid, numberForms, invalid };
}

// ---------------------------------------------------------------- §1 usernames and password keys

function canonicalUsername(username) {
  if (!/^[A-Za-z0-9]{5,32}$/.test(username)) throw new Error(`invalid username ${username}`);
  return username.toLowerCase();
}

function usernameVectors() {
  const valid = ['Alice1', 'BOB2024', 'carol', 'abcde', 'A'.repeat(32), '12345']
    .map((input) => ({ input, canonical: canonicalUsername(input) }));
  const invalid = ['', 'abcd', 'A'.repeat(33), 'alice 1', 'alice_1', 'alice-1', 'ålice1', 'alice1!', 'ａｌｉｃｅ1'];
  return { valid, invalid };
}

// The texts users see (docs/PROTOCOL.md §1, "Sign-up checks made by clients"); the Java client keeps the same ones in SignUpMessages.
const SIGN_UP_MESSAGES = {
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
};

// One message per failed rule, username rules first, then password rules, then the repetition.
function signUpMessages(username, password, passwordAgain) {
  const m = SIGN_UP_MESSAGES;
  if (!username || !password || !passwordAgain) return [m.fillInAllFields];
  const messages = [];
  const codePoints = (text) => [...text].length;
  const asciiLower = (text) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (codePoints(username) < 5 || codePoints(username) > 32) messages.push(m.usernameLength);
  if (!/^[A-Za-z0-9]*$/.test(username)) messages.push(m.usernameCharacters);
  if (codePoints(password) < 8 || codePoints(password) > 20) messages.push(m.passwordLength);
  if (!/\p{Ll}/u.test(password)) messages.push(m.passwordLowercase);
  if (!/\p{Lu}/u.test(password)) messages.push(m.passwordUppercase);
  if (!/\p{Nd}/u.test(password)) messages.push(m.passwordDigit);
  if (!/[^\p{L}\p{M}\p{N}\p{White_Space}]/u.test(password)) messages.push(m.passwordSymbol);
  if (/(.)\1{3}/su.test(password)) messages.push(m.passwordRepeats);
  if (asciiLower(password) === asciiLower(username)) messages.push(m.passwordEqualsUsername);
  if (password !== passwordAgain) messages.push(m.passwordsDoNotMatch);
  return messages;
}

function signUpVectors() {
  const form = (description, username, password, passwordAgain = password) =>
    ({ description, username, password, passwordAgain, messages: signUpMessages(username, password, passwordAgain) });
  return {
    messages: SIGN_UP_MESSAGES,
    forms: [
      form('a valid form', 'Alice1', 'Pässwörd1!'),
      form('an empty username', '', 'Pässwörd1!'),
      form('an empty repeated password', 'Alice1', 'Pässwörd1!', ''),
      form('a short username', 'abcd', 'Pässwörd1!'),
      form('a long username', 'a'.repeat(33), 'Pässwörd1!'),
      form('a username with a symbol', 'alice_1', 'Pässwörd1!'),
      form('a username with a non-ASCII letter', 'ålice1', 'Pässwörd1!'),
      form('a short username with a space', 'a b', 'Pässwörd1!'),
      form('a short password', 'Alice1', 'Sh0rt!x'),
      form('a password of 21 characters', 'Alice1', 'Abcdefghij1!abcdefghi'),
      form('20 characters counted as code points, not UTF-16 units', 'Alice1', 'Ab1!x😀x😀x😀x😀x😀x😀x😀x😀'),
      form('no uppercase letter', 'Alice1', 'password1!'),
      form('no lowercase letter', 'Alice1', 'PASSWORD1!'),
      form('no digit', 'Alice1', 'Password!!'),
      form('no symbol', 'Alice1', 'Password11'),
      form('a space is not a symbol', 'Alice1', 'Pass word1'),
      form('letters of other scripts count', 'Alice1', 'ПарольÄÖ1!'),
      form('three in a row is fine', 'Alice1', 'Passsword1!'),
      form('four in a row is refused', 'Alice1', 'Passssword1!'),
      form('four symbols in a row are refused too', 'Alice1', 'Password1!!!!'),
      form('four emoji in a row are refused too', 'Alice1', 'Pass1!😀😀😀😀'),
      form('the username as password, in another case', 'HelloWorld1', 'HELLOworld1'),
      form('passwords that do not match', 'Alice1', 'Pässwörd1!', 'Pässwörd1?'),
      form('many failures at once', 'ab', 'aaaa', 'aaab'),
    ],
  };
}

async function hkdf(ikm, salt, info) {
  const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8.encode(info) }, key, 256));
}

async function passwordKeys(username, password, iterations) {
  const canonical = canonicalUsername(username);
  // TextEncoder is how the browser turns the password into bytes (unpaired surrogates become U+FFFD).
  const passwordKey = await subtle.importKey('raw', utf8.encode(password), 'PBKDF2', false, ['deriveBits']);
  const masterKey = new Uint8Array(await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: utf8.encode(`parley/v1/${canonical}`), iterations }, passwordKey, 256));
  return {
    username,
    canonicalUsername: canonical,
    password,
    passwordUtf8Hex: Buffer.from(utf8.encode(password)).toString('hex'),
    iterations,
    masterKey: b64url(masterKey),
    authKey: b64url(await hkdf(masterKey, new Uint8Array(0), 'parley/v1/auth')),
    wrapKey: b64url(await hkdf(masterKey, new Uint8Array(0), 'parley/v1/wrap')),
  };
}

// ---------------------------------------------------------------- §2 identity keys and the vault

// PKCS#8 (RFC 8410) for an X25519 private key is this fixed DER prefix plus the 32 raw bytes.
const X25519_PKCS8_PREFIX = hex('302e020100300506032b656e04220420');

async function identity(name, userId, privateKeyHex) {
  const imported = await subtle.importKey('pkcs8', concat(X25519_PKCS8_PREFIX, hex(privateKeyHex)), { name: 'X25519' }, true, ['deriveBits']);
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', imported));
  const { x } = await subtle.exportKey('jwk', imported);
  return { name, userId, privateKeyRawHex: privateKeyHex, pkcs8: b64url(pkcs8), publicKey: x, key: imported };
}

async function aesGcmSeal(keyBytes, nonce, plaintext, aad) {
  const key = await subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt']);
  return new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, key, plaintext));
}

async function aesGcmOpens(keyBytes, nonce, ciphertext, aad) {
  const key = await subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['decrypt']);
  try {
    await subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, key, ciphertext);
    return true;
  } catch {
    return false;
  }
}

const flipBit = (bytes, index) => {
  const copy = Uint8Array.from(bytes);
  copy[index < 0 ? copy.length + index : index] ^= 0x01;
  return copy;
};

async function sealVaultObject(wrapKey, canonical, vaultObject, nonce) {
  const vaultJson = canonicalize(vaultObject);
  const sealed = concat(nonce, await aesGcmSeal(wrapKey, nonce, utf8.encode(vaultJson), utf8.encode(`parley/v1/vault/${canonical}`)));
  return { vaultJson, sealed };
}

// A 1.1 vault seals its version n; a reader refuses one older than it has seen, or one whose n is not the version the
// server names (PROTOCOL.md §2). Rollback is checked first; a vault without n (before 1.1) counts as n = 0.
function vaultVersionCheck(n, serverVersion, highestSeen) {
  if (n < highestSeen) return 'ROLLED_BACK';
  if (n !== 0 && n !== serverVersion) return 'VERSION_MISMATCH';
  return 'ACCEPTED';
}

async function vaultVectors(owner, ownerKeys, otherKeys, pinnedFriends) {
  const pinsOf = (friends) => Object.fromEntries(friends.map((f) => [f.userId, f.publicKey]));
  const vaultObject = { v: 1, n: 7, x25519: owner.pkcs8, pins: pinsOf(pinnedFriends) };
  const aad = `parley/v1/vault/${ownerKeys.canonicalUsername}`;
  const nonce = hex('a0a1a2a3a4a5a6a7a8a9aaab');
  const wrapKey = fromB64url(ownerKeys.wrapKey);
  const { vaultJson, sealed } = await sealVaultObject(wrapKey, ownerKeys.canonicalUsername, vaultObject, nonce);
  // Made before version 1.1: no n. Still opens, as n = 0.
  const legacy = await sealVaultObject(wrapKey, ownerKeys.canonicalUsername,
    { v: 1, x25519: owner.pkcs8, pins: pinsOf(pinnedFriends.slice(0, 1)) }, hex('c0c1c2c3c4c5c6c7c8c9cacb'));
  // The version before: what a server that rolls the vault back hands out.
  const older = await sealVaultObject(wrapKey, ownerKeys.canonicalUsername,
    { v: 1, n: 6, x25519: owner.pkcs8, pins: pinsOf(pinnedFriends.slice(0, 1)) }, hex('d0d1d2d3d4d5d6d7d8d9dadb'));

  const failure = async (description, vault, key, username) => {
    const canonical = canonicalUsername(username);
    const opens = vault.length >= 28 && await aesGcmOpens(key, vault.subarray(0, 12), vault.subarray(12), utf8.encode(`parley/v1/vault/${canonical}`));
    if (opens) throw new Error(`vault failure case opened: ${description}`);
    return { description, sealed: b64url(vault), wrapKey: b64url(key), username };
  };
  const openFailures = [
    await failure('wrapKey of another password', sealed, fromB64url(otherKeys.wrapKey), ownerKeys.username),
    await failure('a flipped bit in the ciphertext', flipBit(sealed, 20), wrapKey, ownerKeys.username),
    await failure('a flipped bit in the tag', flipBit(sealed, -1), wrapKey, ownerKeys.username),
    await failure('a flipped bit in the nonce', flipBit(sealed, 0), wrapKey, ownerKeys.username),
    await failure('sealed for another username', sealed, wrapKey, otherKeys.username),
    await failure('shorter than a nonce and a tag', sealed.subarray(0, 27), wrapKey, ownerKeys.username),
  ];
  const versionCheck = (description, vault, n, serverVersion, highestSeen) => {
    const expect = vaultVersionCheck(n, serverVersion, highestSeen);
    return { description, sealed: b64url(vault), n, serverVersion, highestSeen, expect,
      highestAfter: expect === 'ACCEPTED' ? Math.max(n, highestSeen) : highestSeen };
  };
  const versionChecks = [
    versionCheck('the version the server names, newer than any seen, is accepted', sealed, 7, 7, 6),
    versionCheck('the same version again (a reload) is accepted', sealed, 7, 7, 7),
    versionCheck('a rolled-back vault, an older one with its own version number, is refused', older.sealed, 6, 6, 7),
    versionCheck('an older vault under the current version number is refused', older.sealed, 6, 7, 0),
    versionCheck('a vault with a version the server does not name is refused', sealed, 7, 8, 7),
    versionCheck('a vault from before 1.1 counts as n = 0 and is accepted while nothing newer was seen', legacy.sealed, 0, 4, 0),
    versionCheck('a vault from before 1.1 after a 1.1 vault was seen is a rollback', legacy.sealed, 0, 8, 7),
  ];
  const [bob, carol] = pinnedFriends;
  const pinMerges = [
    { description: 'pins another device added are taken over', mine: pinsOf([bob]), stored: pinsOf([carol]),
      merged: pinsOf([bob, carol]), conflicts: [] },
    { description: 'equal pins are no conflict', mine: pinsOf([bob, carol]), stored: pinsOf([bob]),
      merged: pinsOf([bob, carol]), conflicts: [] },
    { description: 'a stored pin that differs is not taken over but reported, to be warned about',
      mine: pinsOf([bob]), stored: { [bob.userId]: carol.publicKey }, merged: pinsOf([bob]),
      conflicts: [{ userId: bob.userId, pinned: bob.publicKey, stored: carol.publicKey }] },
  ];
  return {
    username: ownerKeys.username,
    wrapKey: ownerKeys.wrapKey,
    nonce: b64url(nonce),
    aad,
    n: vaultObject.n,
    vaultJson,
    sealed: b64url(sealed),
    legacy: { vaultJson: legacy.vaultJson, sealed: b64url(legacy.sealed) },
    openFailures,
    versionChecks,
    pinMerges,
  };
}

// ---------------------------------------------------------------- §3 conversation key

async function publicKeyObject(raw) {
  return subtle.importKey('raw', fromB64url(raw), { name: 'X25519' }, true, []);
}

async function sharedSecret(mine, theirPublicKey) {
  return new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: await publicKeyObject(theirPublicKey) }, mine.key, 256));
}

const orderedPair = (a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)) <= 0 ? [a, b] : [b, a]);

async function conversationKey(mine, theirs, conversationId) {
  const shared = await sharedSecret(mine, theirs.publicKey);
  const [low, high] = orderedPair(fromB64url(mine.publicKey), fromB64url(theirs.publicKey));
  const salt = await sha256(concat(low, high));
  return { shared, salt, key: await hkdf(shared, salt, `parley/v1/conv/${conversationId}`) };
}

// ---------------------------------------------------------------- §4 messages

const ZERO_HASH = new Uint8Array(32);

async function sealMessage(convKey, header, body, nonce) {
  const aad = canonicalBytes(header);
  const bodyJson = canonicalize(body);
  const ciphertext = await aesGcmSeal(convKey, nonce, utf8.encode(bodyJson), aad);
  const hash = await sha256(concat(aad, nonce, ciphertext));
  return {
    aad: canonicalize(header),
    bodyJson,
    envelope: { header, nonce: b64url(nonce), ciphertext: b64url(ciphertext) },
    hash: b64url(hash),
  };
}

const header = (conv, from, device, seq, prevHash) => ({ v: 1, conv, from, device, seq, prev: b64url(prevHash) });

async function messageVectors(convKey, conversationId, sender, recipient, stranger) {
  const device = b64url(hex('000102030405060708090a0b0c0d0e0f'));
  const secondDevice = b64url(hex('f0e0d0c0b0a090807060504030201000'));
  const bodies = [
    { text: 'Hello Bob!', sentAt: '2025-01-15T10:30:00.000Z' },
    { text: 'Grüße 👋 — zweite Nachricht', sentAt: '2025-01-15T10:30:05.250Z' },
    { text: 'Third: "quotes", \\ backslash,\nnew line and \u0001 control', sentAt: '2025-01-15T10:31:00.999Z' },
  ];
  const nonceFor = (n) => hex(`b0b1b2b3b4b5b6b7b8b9ba${n.toString(16).padStart(2, '0')}`);

  const chain = [];
  let prev = ZERO_HASH;
  for (const [index, body] of bodies.entries()) {
    const sealed = await sealMessage(convKey, header(conversationId, sender.userId, device, index + 1, prev), body, nonceFor(index + 1));
    chain.push({ body, ...sealed });
    prev = fromB64url(sealed.hash);
  }
  const [m1, m2, m3] = chain.map((message) => message.envelope);
  const h1 = fromB64url(chain[0].hash);

  // Envelopes with a valid tag that break a later rule (only a key holder could make them).
  const validlySealed = async (from, dev, seq, prevHash, conv = conversationId) =>
    (await sealMessage(convKey, header(conv, from, dev, seq, prevHash), { text: 'crafted', sentAt: '2025-01-15T11:00:00.000Z' }, nonceFor(0x40 + seq))).envelope;
  const fromRecipient = await validlySealed(recipient.userId, device, 2, h1);
  const fromStranger = await validlySealed(stranger.userId, device, 2, h1);
  const wrongSenderAndGap = await validlySealed(recipient.userId, device, 9, ZERO_HASH);
  const badPrev = await validlySealed(sender.userId, device, 2, hex('11'.repeat(32)));
  const firstWithPrev = await validlySealed(sender.userId, device, 1, h1);
  const gapAndBadPrev = await validlySealed(sender.userId, device, 3, hex('22'.repeat(32)));
  const otherConversation = await validlySealed(sender.userId, device, 2, h1, '00000000-0000-4000-8000-000000000000');
  const secondDeviceFirst = await validlySealed(sender.userId, secondDevice, 1, ZERO_HASH);

  const tamperedBytes = (envelope, field, index) => ({ ...envelope, [field]: b64url(flipBit(fromB64url(envelope[field]), index)) });
  const tamperedHeader = (envelope, changes) => ({ ...envelope, header: { ...envelope.header, ...changes } });

  const step = (envelope, expect) => ({ envelope, expect });
  const verification = {
    conversationId,
    recipientUserId: recipient.userId,
    expectedSenderUserId: sender.userId,
    cases: [
      { description: 'a chain in order is intact', steps: [step(m1, 'INTACT'), step(m2, 'INTACT'), step(m3, 'INTACT')] },
      { description: 'a flipped ciphertext bit is MODIFIED and does not move the chain',
        steps: [step(m1, 'INTACT'), step(tamperedBytes(m2, 'ciphertext', 0), 'MODIFIED'), step(m2, 'INTACT')] },
      { description: 'a flipped tag bit is MODIFIED', steps: [step(tamperedBytes(m1, 'ciphertext', -1), 'MODIFIED')] },
      { description: 'a flipped nonce bit is MODIFIED', steps: [step(tamperedBytes(m1, 'nonce', 3), 'MODIFIED')] },
      { description: 'a changed header field is MODIFIED before any other check',
        steps: [step(tamperedHeader(m1, { from: recipient.userId }), 'MODIFIED'), step(tamperedHeader(m1, { seq: 2 }), 'MODIFIED')] },
      { description: 'a header naming another conversation is MODIFIED', steps: [step(m1, 'INTACT'), step(otherConversation, 'MODIFIED')] },
      { description: 'a message claiming to come from the recipient is WRONG_SENDER', steps: [step(m1, 'INTACT'), step(fromRecipient, 'WRONG_SENDER'), step(m2, 'INTACT')] },
      { description: 'a message from a third user is WRONG_SENDER', steps: [step(m1, 'INTACT'), step(fromStranger, 'WRONG_SENDER')] },
      { description: 'the sender is checked before the sequence', steps: [step(wrongSenderAndGap, 'WRONG_SENDER')] },
      { description: 'a missing message is DROPPED', steps: [step(m1, 'INTACT'), step(m3, 'DROPPED')] },
      { description: 'a missing first message is DROPPED', steps: [step(m2, 'DROPPED')] },
      { description: 'after a gap the chain continues from the late message, so the missing one arriving later is REPLAYED_OR_REORDERED',
        steps: [step(m1, 'INTACT'), step(m3, 'DROPPED'), step(m2, 'REPLAYED_OR_REORDERED')] },
      { description: 'the same message twice is REPLAYED_OR_REORDERED', steps: [step(m1, 'INTACT'), step(m2, 'INTACT'), step(m2, 'REPLAYED_OR_REORDERED'), step(m3, 'INTACT')] },
      { description: 'an older message is REPLAYED_OR_REORDERED', steps: [step(m1, 'INTACT'), step(m2, 'INTACT'), step(m1, 'REPLAYED_OR_REORDERED')] },
      { description: 'a prev that is not the previous hash is BROKEN_CHAIN', steps: [step(m1, 'INTACT'), step(badPrev, 'BROKEN_CHAIN')] },
      { description: 'a first message whose prev is not 32 zero bytes is BROKEN_CHAIN', steps: [step(firstWithPrev, 'BROKEN_CHAIN')] },
      { description: 'the sequence is checked before prev', steps: [step(m1, 'INTACT'), step(gapAndBadPrev, 'DROPPED')] },
      { description: 'each device of the sender has its own chain',
        steps: [step(m1, 'INTACT'), step(secondDeviceFirst, 'INTACT'), step(m2, 'INTACT'), step(m3, 'INTACT')] },
    ],
  };
  // A verifier that resumes from saved chains (after a reload, or at the first message of the next page) checks that
  // first message against them like any other (PROTOCOL.md §4, 1.1).
  const [h2, h3] = [fromB64url(chain[1].hash), fromB64url(chain[2].hash)];
  const position = (dev, seq, hash) => ({ from: sender.userId, device: dev, seq, hash: b64url(hash) });
  const secondDeviceHash = await sha256(concat(canonicalBytes(secondDeviceFirst.header), fromB64url(secondDeviceFirst.nonce),
    fromB64url(secondDeviceFirst.ciphertext)));
  const resumedVerification = {
    conversationId,
    expectedSenderUserId: sender.userId,
    cases: [
      { description: 'a reload in the middle of a chain continues from the saved position',
        state: [position(device, 1, h1)], steps: [step(m2, 'INTACT'), step(m3, 'INTACT')],
        stateAfter: [position(device, 3, h3)] },
      { description: 'the first message of a page with a gap before it is DROPPED',
        state: [position(device, 1, h1)], steps: [step(m3, 'DROPPED')], stateAfter: [position(device, 3, h3)] },
      { description: 'the first message of a page that repeats the saved position is REPLAYED_OR_REORDERED',
        state: [position(device, 2, h2)], steps: [step(m2, 'REPLAYED_OR_REORDERED'), step(m3, 'INTACT')],
        stateAfter: [position(device, 3, h3)] },
      { description: 'the first message after a reload whose prev is not the saved hash is BROKEN_CHAIN',
        state: [position(device, 1, hex('33'.repeat(32)))], steps: [step(m2, 'BROKEN_CHAIN')],
        stateAfter: [position(device, 2, h2)] },
      { description: 'a saved chain of one device does not vouch for another device, which starts at seq 1',
        state: [position(device, 3, h3)], steps: [step(secondDeviceFirst, 'INTACT')],
        stateAfter: [position(device, 3, h3), position(secondDevice, 1, secondDeviceHash)] },
    ],
  };
  return { device, chain, verification, resumedVerification };
}

// ---------------------------------------------------------------- §7 group conversations (1.2)

async function pairKey(mine, theirs, groupId) {
  const shared = await sharedSecret(mine, theirs.publicKey);
  const [low, high] = orderedPair(fromB64url(mine.publicKey), fromB64url(theirs.publicKey));
  const salt = await sha256(concat(low, high));
  return { shared, salt, key: await hkdf(shared, salt, `parley/v1/group/${groupId}`) };
}

const groupHeader = (groupId, from, device, seq, prevHash, epoch) => ({ ...header(groupId, from, device, seq, prevHash), epoch });

// One body sealed once under a fresh K; K || hash wrapped for every recipient under the pair key the sender shares with
// them, bound to the header and the recipient's user id (PROTOCOL.md §7).
async function sealGroupMessage(groupHeaderValue, body, messageKey, nonce, recipients) {
  const aad = canonicalBytes(groupHeaderValue);
  const bodyJson = canonicalize(body);
  const ciphertext = await aesGcmSeal(messageKey, nonce, utf8.encode(bodyJson), aad);
  const hash = await sha256(concat(aad, nonce, ciphertext));
  const wraps = [];
  const keys = {};
  for (const { userId, pairKey: key, nonce: wrapNonce } of recipients) {
    const wrapAad = concat(aad, utf8.encode(userId));
    const wrap = concat(wrapNonce, await aesGcmSeal(key, wrapNonce, concat(messageKey, hash), wrapAad));
    wraps.push({ recipientUserId: userId, nonce: b64url(wrapNonce), aad: `${canonicalize(groupHeaderValue)}${userId}`,
      plaintext: b64url(concat(messageKey, hash)), wrap: b64url(wrap) });
    keys[userId] = b64url(wrap);
  }
  return {
    aad: canonicalize(groupHeaderValue),
    bodyJson,
    hash: b64url(hash),
    wraps,
    envelope: { header: groupHeaderValue, nonce: b64url(nonce), ciphertext: b64url(ciphertext), keys },
  };
}

async function groupVectors(alice, bob, carol) {
  const groupId = '5b2e8c41-9d7a-4f3e-a16b-0c9d8e7f6a5b';
  const people = { alice, bob, carol };
  const pairs = [[alice, bob], [alice, carol], [bob, carol]];
  const keyOf = {};
  const pairKeys = [];
  for (const [a, b] of pairs) {
    const seenByA = await pairKey(a, b, groupId);
    const seenByB = await pairKey(b, a, groupId);
    assertEqual(b64url(seenByA.key), b64url(seenByB.key), `${a.name} and ${b.name} derive the same pair key`);
    keyOf[`${a.name}/${b.name}`] = seenByA.key;
    keyOf[`${b.name}/${a.name}`] = seenByA.key;
    pairKeys.push({ userA: a.name, userB: b.name, sharedSecret: b64url(seenByA.shared), salt: b64url(seenByA.salt),
      pairKey: b64url(seenByA.key) });
  }
  // Epoch 1: all three; epoch 2: Carol was removed; epoch 3: added again; epoch 4: removed again. Bob has been a member
  // since the group's first epoch; Carol's present period began at epoch 3, after messages she cannot have read.
  const epochs = [
    { epoch: 1, members: [alice.userId, bob.userId, carol.userId] },
    { epoch: 2, members: [alice.userId, bob.userId] },
    { epoch: 3, members: [alice.userId, bob.userId, carol.userId] },
    { epoch: 4, members: [alice.userId, bob.userId] },
  ];
  const device = b64url(hex('101112131415161718191a1b1c1d1e1f'));
  const carolDevice = b64url(hex('c0c1c2c3c4c5c6c7c8c9cacbcccdcecf'));
  const messageKeyFor = (n) => hex(`e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfe${n.toString(16).padStart(2, '0')}`);
  const nonceFor = (n) => hex(`d0d1d2d3d4d5d6d7d8d9da${n.toString(16).padStart(2, '0')}`);
  const wrapNonceFor = (n, recipient) => hex(`a0a1a2a3a4a5a6a7a8a9${recipient === 'bob' ? 'b0' : 'c0'}${n.toString(16).padStart(2, '0')}`);
  // The sender wraps for every other member of the epoch, in the order of the epoch's member list.
  const sealFor = async (sender, headerValue, body, n, memberNames) => sealGroupMessage(headerValue, body, messageKeyFor(n),
    nonceFor(n), memberNames.filter((name) => name !== sender.name).map((name) => ({
      userId: people[name].userId, pairKey: keyOf[`${sender.name}/${name}`], nonce: wrapNonceFor(n, name),
    })));
  const everyone = ['alice', 'bob', 'carol'];

  const bodies = [
    { text: 'Hello Bob and Carol!', sentAt: '2025-02-01T09:00:00.000Z' },
    { text: 'Zweite Nachricht an die Gruppe 👋', sentAt: '2025-02-01T09:00:07.125Z' },
    { text: 'Third, to all of you', sentAt: '2025-02-01T09:01:00.500Z' },
  ];
  const chain = [];
  let prev = ZERO_HASH;
  for (const [index, body] of bodies.entries()) {
    const sealed = await sealFor(alice, groupHeader(groupId, alice.userId, device, index + 1, prev, 3), body, index + 1, everyone);
    chain.push({ body, ...sealed });
    prev = fromB64url(sealed.hash);
  }
  const [m1, m2, m3] = chain.map((message) => message.envelope);
  const h1 = fromB64url(chain[0].hash);
  const crafted = { text: 'crafted', sentAt: '2025-02-01T10:00:00.000Z' };

  // Carol, a member who learnt m1's K from her wrap, encrypts other content under it and keeps the wraps: only the hash
  // inside each wrap tells the ciphertexts apart.
  const swappedCiphertext = await aesGcmSeal(messageKeyFor(1), nonceFor(1),
    utf8.encode(canonicalize({ text: 'Alice never wrote this', sentAt: bodies[0].sentAt })), canonicalBytes(m1.header));
  const swapped = { ...m1, ciphertext: b64url(swappedCiphertext) };
  const withoutKeyOf = (envelope, userId) => ({ ...envelope, keys: Object.fromEntries(Object.entries(envelope.keys).filter(([id]) => id !== userId)) });
  const withKey = (envelope, userId, wrap) => ({ ...envelope, keys: { ...envelope.keys, [userId]: wrap } });
  const flippedWrap = b64url(flipBit(fromB64url(m1.keys[bob.userId]), 40));
  const tamperedHeader = (envelope, changes) => ({ ...envelope, header: { ...envelope.header, ...changes } });
  // Carol, removed in epoch 4, still holds Alice's and Bob's keys and seals for the members of epoch 4.
  const fromRemoved = (await sealFor(carol, groupHeader(groupId, carol.userId, carolDevice, 1, ZERO_HASH, 4), crafted, 0x40, ['alice', 'bob'])).envelope;
  const fromCarolWhileMember = (await sealFor(carol, groupHeader(groupId, carol.userId, carolDevice, 1, ZERO_HASH, 3), crafted, 0x41, everyone)).envelope;
  const badPrev = (await sealFor(alice, groupHeader(groupId, alice.userId, device, 2, hex('11'.repeat(32)), 3), crafted, 0x42, everyone)).envelope;
  const otherGroup = (await sealFor(alice, groupHeader('00000000-0000-4000-8000-000000000000', alice.userId, device, 2, h1, 3), crafted, 0x43, everyone)).envelope;

  const step = (envelope, expect) => ({ envelope, expect });
  const forReader = (reader, description, steps) => ({ description, reader: reader.name, steps });
  const verification = {
    groupId,
    cases: [
      forReader(bob, 'Alice\'s messages in order are intact for Bob', [step(m1, 'INTACT'), step(m2, 'INTACT'), step(m3, 'INTACT')]),
      forReader(carol, 'Alice\'s messages in order are intact for Carol', [step(m1, 'INTACT'), step(m2, 'INTACT'), step(m3, 'INTACT')]),
      forReader(bob, 'a ciphertext another member re-encrypted under K is CIPHERTEXT_SWAPPED and does not move the chain',
        [step(swapped, 'CIPHERTEXT_SWAPPED'), step(m1, 'INTACT')]),
      forReader(carol, 'an envelope without a wrap for the reader is KEY_MISSING', [step(withoutKeyOf(m1, carol.userId), 'KEY_MISSING'), step(m1, 'INTACT')]),
      forReader(bob, 'a wrap missing for another member does not concern the reader', [step(withoutKeyOf(m1, carol.userId), 'INTACT')]),
      forReader(bob, 'a flipped bit in the reader\'s wrap is MODIFIED', [step(withKey(m1, bob.userId, flippedWrap), 'MODIFIED'), step(m1, 'INTACT')]),
      forReader(bob, 'another member\'s wrap under the reader\'s id is MODIFIED', [step(withKey(m1, bob.userId, m1.keys[carol.userId]), 'MODIFIED')]),
      forReader(bob, 'the reader\'s wrap taken from another message is MODIFIED', [step(withKey(m1, bob.userId, m2.keys[bob.userId]), 'MODIFIED')]),
      forReader(bob, 'a changed epoch is MODIFIED', [step(tamperedHeader(m1, { epoch: 4 }), 'MODIFIED')]),
      forReader(bob, 'a header naming another group is MODIFIED', [step(m1, 'INTACT'), step(otherGroup, 'MODIFIED')]),
      forReader(bob, 'a message from a member removed before its epoch is NOT_A_MEMBER', [step(fromRemoved, 'NOT_A_MEMBER')]),
      forReader(bob, 'each sender has its own chain', [step(m1, 'INTACT'), step(fromCarolWhileMember, 'INTACT'), step(m2, 'INTACT')]),
      forReader(bob, 'a missing message is DROPPED', [step(m1, 'INTACT'), step(m3, 'DROPPED')]),
      forReader(bob, 'a member since the group\'s first epoch reads every chain from seq 1: a missing first message is DROPPED',
        [step(m2, 'DROPPED')]),
      forReader(carol, 'a member whose period began after the first epoch starts each chain at the first message read in it',
        [step(m2, 'INTACT'), step(m3, 'INTACT')]),
      forReader(carol, 'after the first message read in the period a gap is DROPPED', [step(m1, 'INTACT'), step(m3, 'DROPPED')]),
      forReader(carol, 'the message that starts the chain in the period is still checked for replay',
        [step(m2, 'INTACT'), step(m2, 'REPLAYED_OR_REORDERED'), step(m1, 'REPLAYED_OR_REORDERED')]),
      forReader(carol, 'the same message twice is REPLAYED_OR_REORDERED', [step(m1, 'INTACT'), step(m1, 'REPLAYED_OR_REORDERED')]),
      forReader(bob, 'a prev that is not the previous hash is BROKEN_CHAIN', [step(m1, 'INTACT'), step(badPrev, 'BROKEN_CHAIN')]),
    ],
  };
  return {
    groupId,
    members: [alice, bob, carol].map((person) => person.name),
    pairKeys,
    epochs,
    message: {
      sender: alice.name,
      epoch: 3,
      device,
      chain: chain.map((message, index) => ({ messageKey: b64url(messageKeyFor(index + 1)), nonce: b64url(nonceFor(index + 1)), ...message })),
    },
    verification,
  };
}

// ---------------------------------------------------------------- §5 safety number

async function safetyNumber(publicKeyA, publicKeyB) {
  const [low, high] = orderedPair(fromB64url(publicKeyA), fromB64url(publicKeyB));
  const fingerprint = await sha256(concat(low, high));
  const groups = [];
  for (let offset = 0; offset < 30; offset += 5) {
    const chunk = BigInt(`0x${Buffer.from(fingerprint.subarray(offset, offset + 5)).toString('hex')}`);
    groups.push((chunk % 100000n).toString().padStart(5, '0'));
  }
  return { publicKeyA, publicKeyB, fingerprint: b64url(fingerprint), safetyNumber: groups.join(' ') };
}

// ---------------------------------------------------------------- §5 pinned keys

// Alice has pinned Bob's key (or not yet); the server presents a key for Bob. A changed key is shown with both safety
// numbers, the pinned one's and the presented one's, and is never used before the user accepts it.
async function pinCheckVectors(me, friend, swapped) {
  const check = async (description, pinned, presented, expect) => ({
    description, me: me.name, friendUserId: friend.userId, pinned, presented, expect,
    safetyNumberPinned: pinned === null ? null : (await safetyNumber(me.publicKey, pinned)).safetyNumber,
    safetyNumberPresented: (await safetyNumber(me.publicKey, presented)).safetyNumber,
  });
  return [
    await check('the presented key is the pinned one', friend.publicKey, friend.publicKey, 'MATCHES'),
    await check('no key pinned yet: trust on first use pins it', null, friend.publicKey, 'NOT_PINNED'),
    await check('the server swapped the friend\'s key for another one', friend.publicKey, swapped.publicKey, 'CHANGED'),
  ];
}

// ---------------------------------------------------------------- the file

async function generate() {
  // Alice's and Bob's keys are the X25519 test vectors of RFC 7748 §6.1, checked below.
  const alice = await identity('alice', '7a1d0f52-3c4b-4e8a-9b6d-1f2e3a4b5c6d', '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
  const bob = await identity('bob', 'c9e8d7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f', '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
  assertEqual(Buffer.from(fromB64url(alice.publicKey)).toString('hex'), '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a', 'RFC 7748 Alice public key');
  assertEqual(Buffer.from(fromB64url(bob.publicKey)).toString('hex'), 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f', 'RFC 7748 Bob public key');
  // Carol's key is fixed; it gives a safety number with Alice whose third group starts with a zero.
  const carol = await identity('carol', '0f9e8d7c-6b5a-4948-8736-251403f2e1d0', 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee0b');

  const aliceKeys = await passwordKeys('Alice1', 'Pässwörd1!', 1000);
  const bobKeys = await passwordKeys('BOB2024', 'Correct-Horse7', 1000);
  const unpairedSurrogateKeys = await passwordKeys('carol', 'Ab1!x\ud800yz', 1000);

  const conversationId = '3f1c2b9e-8d4a-4c6b-9f0e-2a7d5c1b8e60';
  const seenByAlice = await conversationKey(alice, bob, conversationId);
  const seenByBob = await conversationKey(bob, alice, conversationId);
  assertEqual(b64url(seenByAlice.key), b64url(seenByBob.key), 'both sides derive the same conversation key');
  assertEqual(Buffer.from(seenByAlice.shared).toString('hex'), '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742', 'RFC 7748 shared secret');

  // Public keys of small order make the X25519 result all zero bytes; clients refuse them.
  const lowOrderPublicKeys = [new Uint8Array(32), concat(hex('01'), new Uint8Array(31))].map(b64url);
  for (const publicKey of lowOrderPublicKeys) {
    let refused = false;
    try { await sharedSecret(alice, publicKey); } catch { refused = true; }
    if (!refused) throw new Error(`WebCrypto accepted the small-order key ${publicKey}`);
  }

  const carolSafety = await safetyNumber(alice.publicKey, carol.publicKey);
  if (!carolSafety.safetyNumber.split(' ').some((group) => group.startsWith('0'))) {
    throw new Error('carol\'s key no longer exercises zero padding');
  }

  const describeIdentity = ({ name, userId, privateKeyRawHex, pkcs8, publicKey }) => ({ name, userId, privateKeyRawHex, pkcs8, publicKey });

  return {
    description: 'Test vectors for the Parley client protocol, version 1.2 (docs/PROTOCOL.md). Binary values are base64url without padding unless the field name ends in Hex.',
    generatedBy: 'docs/protocol/generate-vectors.mjs (Node.js built-in WebCrypto)',
    notes: [
      'PBKDF2 vectors use 1000 iterations so that tests run fast; real accounts use kdfIterations from prelogin (600000 by default).',
      'Fixed nonces are for these vectors only: clients always draw a fresh random 12-byte nonce.',
      'In verification cases each case starts with a fresh verifier; "expect" is INTACT or the first failed check.',
      'In resumedVerification cases the verifier starts from the saved chains in "state" (one entry per sender and device) and ends at "stateAfter".',
      'Vault versionChecks: expect is ACCEPTED, ROLLED_BACK or VERSION_MISMATCH; highestAfter is the highest n the client remembers afterwards.',
      'In groups.verification cases each case starts with a fresh verifier for the reader, who knows the members of every epoch in groups.epochs and holds a pair key with each of the other identities; "expect" is INTACT or the first failed check. A reader\'s membership periods follow from groups.epochs: in a period that began after epoch 1 the first message of each chain read in it starts that chain (§7).',
    ],
    base64url: base64urlVectors(),
    canonicalJson: canonicalJsonVectors(),
    usernames: usernameVectors(),
    signUp: signUpVectors(),
    passwordKeys: [aliceKeys, bobKeys, unpairedSurrogateKeys],
    identities: [alice, bob, carol].map(describeIdentity),
    lowOrderPublicKeys,
    vault: await vaultVectors(alice, aliceKeys, bobKeys, [bob, carol]),
    conversation: {
      conversationId,
      userA: alice.name,
      userB: bob.name,
      sharedSecret: b64url(seenByAlice.shared),
      salt: b64url(seenByAlice.salt),
      conversationKey: b64url(seenByAlice.key),
    },
    messages: { conversationId, sender: alice.name, recipient: bob.name, ...await messageVectors(seenByAlice.key, conversationId, alice, bob, carol) },
    safetyNumbers: [await safetyNumber(alice.publicKey, bob.publicKey), await safetyNumber(bob.publicKey, alice.publicKey), carolSafety],
    pinChecks: await pinCheckVectors(alice, bob, carol),
    groups: await groupVectors(alice, bob, carol),
  };
}

const text = `${JSON.stringify(await generate(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(OUTPUT, 'utf8');
  if (current !== text) {
    console.error(`${OUTPUT} is out of date: run node docs/protocol/generate-vectors.mjs`);
    process.exit(1);
  }
  console.log(`${OUTPUT} is up to date`);
} else {
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT}`);
}
