// Checks the web client's protocol module (/js/protocol.js) against docs/protocol/test-vectors.json, in the browser.
// Messages are verified through the checks the chat room uses (/js/checks.js, on protocol.js's MessageVerifier), so
// the vectors exercise the one verifier the app runs; group messages (1.2) through protocol.js's GroupVerifier.
// Run by ProtocolVectorsIT through WebDriver's executeAsyncScript: arguments[0] is the vectors file's text, the last
// argument is WebDriver's callback. Answers {checks: <number of checks made>, failures: [<one line per failure>]}.
//
// Inputs come from the vectors through this script's own decoders (hex, base64url), never through the module's, so a
// bug in the module's decoder cannot hide a bug elsewhere. Every call into the module goes through adapt() below:
// when a signature changes, only that function needs to follow.

const done = arguments[arguments.length - 1];
const vectorsText = arguments[0];

/** The modules' exports, called the way the checks expect: bytes in and out as Uint8Array. */
function adapt(p, c) {
  const aadText = (aad) => (typeof aad === 'string' ? aad : new TextDecoder().decode(bytes(aad)));
  return {
    b64urlEncode: (data) => p.b64urlEncode(data),
    b64urlDecode: (text) => bytes(p.b64urlDecode(text)),
    canonicalize: (value) => p.canonicalize(value),
    canonicalUsername: (username) => p.canonicalUsername(username),
    signUpMessages: (username, password, passwordAgain) => p.signUpMessages(username, password, passwordAgain),
    SIGN_UP_MESSAGES: p.SIGN_UP_MESSAGES,
    passwordKeys: async (username, password, iterations) => {
      const keys = await p.passwordKeys(username, password, iterations);
      return { masterKey: bytes(keys.masterKey), authKey: bytes(keys.authKey), wrapKey: bytes(keys.wrapKey) };
    },
    importIdentity: async (pkcs8) => {
      const identity = await p.importIdentity(pkcs8);
      return { privateKey: identity.privateKey, publicKey: bytes(identity.publicKey), pkcs8: bytes(identity.pkcs8) };
    },
    sealVault: async (wrapKey, canonical, vault, nonce) => bytes(await p.sealVault(wrapKey, canonical, vault, nonce)),
    openVault: (wrapKey, canonical, sealed) => p.openVault(wrapKey, canonical, sealed),
    sharedSecret: async (privateKey, theirPublicKey) => bytes(await p.sharedSecret(privateKey, theirPublicKey)),
    conversationKey: async (privateKey, myPublicKey, theirPublicKey, conversationId) =>
      bytes(await p.conversationKey(privateKey, myPublicKey, theirPublicKey, conversationId)),
    sealMessage: async (convKey, header, body, nonce) => {
      const sealed = await p.sealMessage(convKey, header, body, nonce);
      return { envelope: sealed.envelope, hash: bytes(sealed.hash), aad: aadText(sealed.aad) };
    },
    // The chat room's checks (checks.js) with a record as IndexedDB would hand it back, holding the saved chains
    // [{from, device, seq, hash}]; each envelope comes as the next message the server stored, from the expected
    // sender. state() gives the expected sender's chains as the checks would save them.
    newVerifier: (convKey, conversationId, expectedSenderUserId, savedChains = []) => {
      const record = { id: 'vectors', userId: 'reader', lastId: null, chains: JSON.parse(JSON.stringify(savedChains)), seen: {} };
      const checks = new c.ConversationChecks(record, convKey, conversationId, 'reader', expectedSenderUserId);
      let count = 0;
      return {
        verify: (envelope) => checks.next({ id: 'message-' + (++count), senderId: expectedSenderUserId, envelope }),
        state: () => checks.record.chains.filter((chain) => chain.from === expectedSenderUserId),
      };
    },
    groupPairKey: async (privateKey, myPublicKey, theirPublicKey, groupId) =>
      bytes(await p.groupPairKey(privateKey, myPublicKey, theirPublicKey, groupId)),
    groupMessageHeader: (groupId, from, device, seq, prevHash, epoch) =>
      p.groupMessageHeader(groupId, from, device, seq, prevHash, epoch),
    // recipients: [{userId, pairKey}]; wrapNonces: {userId: nonce}.
    sealGroupMessage: async (header, body, recipients, messageKey, nonce, wrapNonces) => {
      const sealed = await p.sealGroupMessage(header, body, recipients, messageKey, nonce, wrapNonces);
      return { envelope: sealed.envelope, hash: bytes(sealed.hash), aad: aadText(sealed.aad) };
    },
    // pairKeys: Map of member user id to the reader's pair key with them; epochs: Map of epoch to a Set of user ids.
    newGroupVerifier: (groupId, readerUserId, pairKeys, epochs) => {
      const verifier = new p.GroupVerifier(groupId, readerUserId, pairKeys, epochs);
      return { verify: (envelope) => verifier.verify(envelope) };
    },
    vaultVersionCheck: (n, serverVersion, highestSeen) => p.vaultVersionCheck(n, serverVersion, highestSeen),
    mergePins: (mine, stored) => p.mergePins(mine, stored),
    pinCheck: (pinned, presented) => p.pinCheck(pinned, presented),
    safetyNumber: async (publicKeyA, publicKeyB) => {
      const number = await p.safetyNumber(publicKeyA, publicKeyB);
      return { fingerprint: bytes(number.fingerprint), text: number.text };
    },
  };
}

// ---- this script's own encodings ----

function bytes(value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

function hex(value) {
  const data = bytes(value);
  if (!(data instanceof Uint8Array)) return 'not bytes: ' + show(value);
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(text) {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
  return out;
}

function fromB64url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function show(value) {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return 'bytes ' + hex(value);
  try {
    return JSON.stringify(value);
  } catch (e) {
    return String(value);
  }
}

function describe(error) {
  if (error === undefined || error === null) return String(error);
  const reason = error.reason ? ' (reason ' + error.reason + ')' : '';
  return (error.name || 'Error') + ': ' + (error.message || String(error)) + reason;
}

// ---- checks ----

let checks = 0;
const failures = [];

function record(name, ok, detail) {
  checks++;
  if (!ok) failures.push(name + (detail ? ': ' + detail : ''));
}

/** Compares as text; byte values are compared as hex. */
async function expectEqual(name, compute, expected) {
  try {
    const actual = await compute();
    record(name, actual === expected, 'expected ' + show(expected) + ', got ' + show(actual));
  } catch (e) {
    record(name, false, 'threw ' + describe(e));
  }
}

/** The call must throw (or reject); when a reason is given, the error's .reason must be it. */
async function expectRefused(name, compute, reason) {
  try {
    const result = await compute();
    record(name, false, 'accepted, gave ' + show(result));
  } catch (e) {
    if (reason === undefined) {
      record(name, true);
    } else {
      record(name, e && e.reason === reason, 'expected reason ' + reason + ', got ' + describe(e));
    }
  }
}

async function sealRawVault(wrapKeyBytes, canonical, text) {
  const key = await crypto.subtle.importKey('raw', wrapKeyBytes, 'AES-GCM', false, ['encrypt']);
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: new TextEncoder().encode('parley/v1/vault/' + canonical) },
    key, new TextEncoder().encode(text)));
  const sealed = new Uint8Array(nonce.length + ciphertext.length);
  sealed.set(nonce);
  sealed.set(ciphertext, nonce.length);
  return sealed;
}

async function run() {
  const v = JSON.parse(vectorsText);
  const p = adapt(await import('/js/protocol.js'), await import('/js/checks.js'));

  // base64url
  for (const item of v.base64url.valid) {
    await expectEqual('base64url encode ' + item.bytesHex, () => p.b64urlEncode(fromHex(item.bytesHex)), item.encoded);
    await expectEqual('base64url decode "' + item.encoded + '"', () => hex(p.b64urlDecode(item.encoded)), item.bytesHex);
  }
  for (const text of v.base64url.invalid) {
    await expectRefused('base64url refuses ' + JSON.stringify(text), () => p.b64urlDecode(text));
  }

  // canonical JSON
  for (const [i, item] of v.canonicalJson.valid.entries()) {
    await expectEqual('canonicalJson.valid[' + i + ']', () => p.canonicalize(item.input), item.canonical);
  }
  for (const item of v.canonicalJson.numberForms) {
    await expectEqual('canonicalJson number form ' + item.inputText,
      () => p.canonicalize(JSON.parse(item.inputText)), item.canonical);
  }
  for (const text of v.canonicalJson.invalid) {
    await expectRefused('canonicalJson refuses ' + text, () => p.canonicalize(JSON.parse(text)));
  }

  // usernames
  for (const item of v.usernames.valid) {
    await expectEqual('canonical username of ' + item.input, () => p.canonicalUsername(item.input), item.canonical);
  }
  for (const text of v.usernames.invalid) {
    await expectRefused('username refused ' + JSON.stringify(text), () => p.canonicalUsername(text));
  }

  // sign-up checks
  const messages = p.SIGN_UP_MESSAGES || {};
  for (const [key, text] of Object.entries(v.signUp.messages)) {
    await expectEqual('SIGN_UP_MESSAGES.' + key, () => messages[key], text);
  }
  await expectEqual('SIGN_UP_MESSAGES has exactly the vectors\' keys',
    () => JSON.stringify(Object.keys(messages).sort()), JSON.stringify(Object.keys(v.signUp.messages).sort()));
  for (const form of v.signUp.forms) {
    await expectEqual('sign-up form: ' + form.description,
      () => JSON.stringify(p.signUpMessages(form.username, form.password, form.passwordAgain)),
      JSON.stringify(form.messages));
  }

  // password keys
  for (const item of v.passwordKeys) {
    const name = 'passwordKeys(' + item.username + ')';
    await expectEqual(name + ' password UTF-8 (TextEncoder)', () => hex(new TextEncoder().encode(item.password)),
      item.passwordUtf8Hex);
    let keys = null;
    try {
      keys = await p.passwordKeys(item.username, item.password, item.iterations);
    } catch (e) {
      record(name, false, 'threw ' + describe(e));
    }
    if (keys) {
      await expectEqual(name + '.masterKey', () => hex(keys.masterKey), hex(fromB64url(item.masterKey)));
      await expectEqual(name + '.authKey', () => hex(keys.authKey), hex(fromB64url(item.authKey)));
      await expectEqual(name + '.wrapKey', () => hex(keys.wrapKey), hex(fromB64url(item.wrapKey)));
    }
  }

  // identities
  const identities = {};
  for (const item of v.identities) {
    const name = 'importIdentity(' + item.name + ')';
    try {
      identities[item.name] = await p.importIdentity(fromB64url(item.pkcs8));
    } catch (e) {
      record(name, false, 'threw ' + describe(e));
      continue;
    }
    await expectEqual(name + '.publicKey', () => hex(identities[item.name].publicKey), hex(fromB64url(item.publicKey)));
    await expectEqual(name + '.pkcs8', () => hex(identities[item.name].pkcs8), hex(fromB64url(item.pkcs8)));
  }
  const alice = identities.alice;
  const bob = identities.bob;
  const conversationId = v.conversation.conversationId;

  // low-order public keys
  for (const key of v.lowOrderPublicKeys) {
    if (!alice) break;
    await expectRefused('sharedSecret refuses low-order key ' + key, () => p.sharedSecret(alice.privateKey, fromB64url(key)));
    await expectRefused('conversationKey refuses low-order key ' + key,
      () => p.conversationKey(alice.privateKey, alice.publicKey, fromB64url(key), conversationId));
  }

  // key vault
  const vault = v.vault;
  const vaultWrapKey = fromB64url(vault.wrapKey);
  const vaultOwner = vault.aad.substring('parley/v1/vault/'.length);
  await expectEqual('vault aad names the canonical username', () => p.canonicalUsername(vault.username), vaultOwner);
  await expectEqual('sealVault with the vectors\' nonce',
    async () => hex(await p.sealVault(vaultWrapKey, vaultOwner, JSON.parse(vault.vaultJson), fromB64url(vault.nonce))),
    hex(fromB64url(vault.sealed)));
  await expectEqual('openVault opens the WebCrypto-sealed vault',
    async () => p.canonicalize(await p.openVault(vaultWrapKey, vaultOwner, fromB64url(vault.sealed))), vault.vaultJson);
  await expectEqual('openVault reads the sealed version n',
    async () => (await p.openVault(vaultWrapKey, vaultOwner, fromB64url(vault.sealed))).n, vault.n);
  await expectEqual('openVault opens a vault from before 1.1 as n = 0', async () => {
    const legacy = await p.openVault(vaultWrapKey, vaultOwner, fromB64url(vault.legacy.sealed));
    return legacy.n + ' ' + p.canonicalize({ pins: legacy.pins, v: legacy.v, x25519: legacy.x25519 });
  }, '0 ' + vault.legacy.vaultJson);
  for (const check of vault.versionChecks) {
    await expectEqual('vault version check: ' + check.description, async () => {
      const opened = await p.openVault(vaultWrapKey, vaultOwner, fromB64url(check.sealed));
      return opened.n + ' ' + p.vaultVersionCheck(opened.n, check.serverVersion, check.highestSeen);
    }, check.n + ' ' + check.expect);
  }
  for (const merge of vault.pinMerges) {
    await expectEqual('pin merge: ' + merge.description, () => {
      const { merged, conflicts } = p.mergePins(merge.mine, merge.stored);
      return p.canonicalize(merged) + ' ' + JSON.stringify(conflicts);
    }, p.canonicalize(merge.merged) + ' ' + JSON.stringify(merge.conflicts));
  }
  for (const failure of vault.openFailures) {
    await expectRefused('openVault refuses: ' + failure.description,
      () => p.openVault(fromB64url(failure.wrapKey), p.canonicalUsername(failure.username), fromB64url(failure.sealed)),
      'NOT_AUTHENTIC');
  }
  const alicePkcs8 = v.identities.find((item) => item.name === 'alice').pkcs8;
  const notVersionOne = [
    'not json',
    '{"pins":{},"v":2,"x25519":"' + alicePkcs8 + '"}',
    '{"pins":{},"v":1}',
    '{"pins":{},"v":1,"x25519":"AAEC"}',
    '{"pins":{"someone":"AAEC"},"v":1,"x25519":"' + alicePkcs8 + '"}',
    '{"n":0,"pins":{},"v":1,"x25519":"' + alicePkcs8 + '"}',
    '{"n":"7","pins":{},"v":1,"x25519":"' + alicePkcs8 + '"}',
  ];
  for (const json of notVersionOne) {
    const sealed = await sealRawVault(vaultWrapKey, vaultOwner, json);
    await expectRefused('openVault finds an authentic ' + json + ' UNREADABLE',
      () => p.openVault(vaultWrapKey, vaultOwner, sealed), 'UNREADABLE');
  }

  // conversation key
  if (alice && bob) {
    const shared = hex(fromB64url(v.conversation.sharedSecret));
    const convKey = hex(fromB64url(v.conversation.conversationKey));
    await expectEqual('sharedSecret, Alice\'s side', async () => hex(await p.sharedSecret(alice.privateKey, bob.publicKey)), shared);
    await expectEqual('sharedSecret, Bob\'s side', async () => hex(await p.sharedSecret(bob.privateKey, alice.publicKey)), shared);
    await expectEqual('conversationKey, Alice\'s side',
      async () => hex(await p.conversationKey(alice.privateKey, alice.publicKey, bob.publicKey, conversationId)), convKey);
    await expectEqual('conversationKey, Bob\'s side',
      async () => hex(await p.conversationKey(bob.privateKey, bob.publicKey, alice.publicKey, conversationId)), convKey);
  }

  // messages: sealing a chain, then reading it back
  const conversationKey = fromB64url(v.conversation.conversationKey);
  const chain = v.messages.chain;
  for (const [i, message] of chain.entries()) {
    const name = 'messages.chain[' + i + ']';
    await expectEqual(name + ' body JSON', () => p.canonicalize(message.body), message.bodyJson);
    let sealed = null;
    try {
      sealed = await p.sealMessage(conversationKey, message.envelope.header, message.body,
        fromB64url(message.envelope.nonce));
    } catch (e) {
      record(name + ' sealMessage', false, 'threw ' + describe(e));
      continue;
    }
    await expectEqual(name + ' envelope', () => p.canonicalize(sealed.envelope), p.canonicalize(message.envelope));
    await expectEqual(name + ' aad', () => sealed.aad, message.aad);
    await expectEqual(name + ' hash', () => hex(sealed.hash), hex(fromB64url(message.hash)));
  }
  const verification = v.messages.verification;
  const chainReader = p.newVerifier(conversationKey, verification.conversationId, verification.expectedSenderUserId);
  for (const [i, message] of chain.entries()) {
    const name = 'MessageVerifier reads messages.chain[' + i + ']';
    await expectEqual(name, async () => {
      const result = await chainReader.verify(message.envelope);
      return result.result + ' ' + (result.body ? result.body.text : '(no body)');
    }, 'INTACT ' + message.body.text);
  }

  // the recipient's checks
  for (const testCase of verification.cases) {
    const verifier = p.newVerifier(conversationKey, verification.conversationId, verification.expectedSenderUserId);
    for (const [i, step] of testCase.steps.entries()) {
      await expectEqual('verification "' + testCase.description + '" step ' + (i + 1),
        async () => (await verifier.verify(step.envelope)).result, step.expect);
    }
  }

  // the checks resumed from saved chains (a reload, the first message of the next page)
  const resumed = v.messages.resumedVerification;
  const chainsText = (chains) => JSON.stringify([...chains].map((chain) => p.canonicalize(chain)).sort());
  for (const testCase of resumed.cases) {
    const verifier = p.newVerifier(conversationKey, resumed.conversationId, resumed.expectedSenderUserId, testCase.state);
    for (const [i, step] of testCase.steps.entries()) {
      await expectEqual('resumed verification "' + testCase.description + '" step ' + (i + 1),
        async () => (await verifier.verify(step.envelope)).result, step.expect);
    }
    await expectEqual('resumed verification "' + testCase.description + '" saved chains',
      () => chainsText(verifier.state()), chainsText(testCase.stateAfter));
  }

  // group conversations (1.2): pair keys from both sides, Alice's chain sealed with the vectors' keys and nonces, and
  // every verification case for its reader
  const groups = v.groups;
  const byName = Object.fromEntries(v.identities.map((item) => [item.name, item]));
  const pairKeysOf = async (name) => {
    const keys = new Map();
    for (const other of groups.members.filter((member) => member !== name)) {
      keys.set(byName[other].userId, await p.groupPairKey(identities[name].privateKey, identities[name].publicKey,
        fromB64url(byName[other].publicKey), groups.groupId));
    }
    return keys;
  };
  for (const pair of groups.pairKeys) {
    for (const [me, other] of [[pair.userA, pair.userB], [pair.userB, pair.userA]]) {
      await expectEqual('groupPairKey(' + me + ' with ' + other + ')', async () => hex(await p.groupPairKey(
        identities[me].privateKey, identities[me].publicKey, fromB64url(byName[other].publicKey), groups.groupId)),
      hex(fromB64url(pair.pairKey)));
    }
  }
  const epochs = new Map(groups.epochs.map((epoch) => [epoch.epoch, new Set(epoch.members)]));
  const senderPairKeys = await pairKeysOf(groups.message.sender);
  let prevHash = new Uint8Array(32);
  for (const [i, message] of groups.message.chain.entries()) {
    await expectEqual('sealGroupMessage groups.message.chain[' + i + ']', async () => {
      const { conv, from, device, seq, epoch } = message.envelope.header;
      const header = p.groupMessageHeader(conv, from, device, seq, prevHash, epoch);
      const recipients = message.wraps.map((wrap) => ({ userId: wrap.recipientUserId, pairKey: senderPairKeys.get(wrap.recipientUserId) }));
      const wrapNonces = Object.fromEntries(message.wraps.map((wrap) => [wrap.recipientUserId, fromB64url(wrap.nonce)]));
      const sealed = await p.sealGroupMessage(header, message.body, recipients, fromB64url(message.messageKey),
        fromB64url(message.nonce), wrapNonces);
      return [sealed.aad, p.canonicalize(sealed.envelope), hex(sealed.hash)].join(' | ');
    }, [message.aad, p.canonicalize(message.envelope), hex(fromB64url(message.hash))].join(' | '));
    prevHash = fromB64url(message.hash);
  }
  for (const testCase of groups.verification.cases) {
    const verifier = p.newGroupVerifier(groups.verification.groupId, byName[testCase.reader].userId,
      await pairKeysOf(testCase.reader), epochs);
    for (const [i, step] of testCase.steps.entries()) {
      await expectEqual('group verification "' + testCase.description + '" step ' + (i + 1),
        async () => (await verifier.verify(step.envelope)).result, step.expect);
    }
  }

  // pinned keys: a swapped key, with both safety numbers
  for (const check of v.pinChecks) {
    const me = v.identities.find((item) => item.name === check.me);
    await expectEqual('pin check: ' + check.description, async () => {
      const outcome = p.pinCheck(check.pinned, check.presented);
      const presented = (await p.safetyNumber(fromB64url(me.publicKey), fromB64url(check.presented))).text;
      const pinned = check.pinned === null ? null : (await p.safetyNumber(fromB64url(me.publicKey), fromB64url(check.pinned))).text;
      return [outcome, pinned, presented].join(' | ');
    }, [check.expect, check.safetyNumberPinned, check.safetyNumberPresented].join(' | '));
  }

  // safety numbers
  for (const item of v.safetyNumbers) {
    const name = 'safetyNumber(' + item.publicKeyA.substring(0, 8) + '…, ' + item.publicKeyB.substring(0, 8) + '…)';
    let number = null;
    try {
      number = await p.safetyNumber(fromB64url(item.publicKeyA), fromB64url(item.publicKeyB));
    } catch (e) {
      record(name, false, 'threw ' + describe(e));
      continue;
    }
    await expectEqual(name + '.fingerprint', () => hex(number.fingerprint), hex(fromB64url(item.fingerprint)));
    await expectEqual(name + '.text', () => number.text, item.safetyNumber);
  }

  return { checks, failures };
}

run().then(done, (e) => done({ checks, failures: failures.concat(['the checks stopped: ' + describe(e) + '\n' + (e && e.stack)]) }));
