// Checks the group room's model (/js/group.js) in the browser, on what a three-person stack cannot make happen on
// demand: a send refused with stale_epoch (the membership changed while it was on its way) is sealed again invisibly,
// at the same place of the chain, for the new members; a member who joined later reads a chain already running without
// a false DROPPED, while a member from the start still sees a dropped message; the user's own messages show from this
// browser's copy or as sent from another device; receipts count only the members of a message's epoch.
// Run by GroupModelIT through WebDriver's executeAsyncScript (the last argument is WebDriver's callback). Answers
// {checks: <number of checks made>, failures: [<one line per failure>]}. The server is played by a fake api and socket.

const done = arguments[arguments.length - 1];
let checks = 0;
const failures = [];

function check(what, actual, expected) {
  checks += 1;
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) {
    failures.push(`${what}: expected ${e}, got ${a}`);
  }
}

async function run() {
  const p = await import('/js/protocol.js');
  const { Group } = await import('/js/group.js');
  const groupId = crypto.randomUUID();
  const people = {};
  for (const name of ['alice', 'bob', 'carol']) {
    const identity = await p.generateIdentity();
    people[name] = { userId: crypto.randomUUID(), username: name, identity,
      publicKey: p.b64urlEncode(identity.publicKey) };
  }
  const member = (name) => ({ userId: people[name].userId, username: name, publicKey: people[name].publicKey });
  const period = (name, joinedEpoch, leftEpoch) => ({ userId: people[name].userId, joinedEpoch, leftEpoch });

  /** Alice's messages as her device seals them: [{seq, epoch, text, recipients}] in order, one chain. */
  const aliceDevice = p.b64urlEncode(p.randomBytes(16));
  async function aliceChain(messages) {
    let prev = p.ZERO_HASH;
    const sealed = [];
    for (const { seq, epoch, text, recipients } of messages) {
      const header = p.groupMessageHeader(groupId, people.alice.userId, aliceDevice, seq, prev, epoch);
      const keys = [];
      for (const name of recipients) {
        keys.push({ userId: people[name].userId, pairKey: await p.groupPairKey(people.alice.identity.privateKey,
          people.alice.identity.publicKey, people[name].identity.publicKey, groupId) });
      }
      const result = await p.sealGroupMessage(header, { text, sentAt: new Date().toISOString() }, keys);
      prev = result.hash;
      sealed.push({ id: crypto.randomUUID(), groupId, senderId: people.alice.userId, epoch, storedAt: new Date().toISOString(),
        envelope: result.envelope });
    }
    return sealed;
  }

  /** A signed-in user as group.js sees the session, and a server answering from `server` ({group, messages, ...}). */
  async function signedIn(name, server) {
    const me = people[name];
    const chains = new Map();
    const pins = {};
    const api = {
      get: async (path) => {
        if (path.includes('/messages')) {
          return { messages: server.messages, hasMore: false, receipts: server.receipts ?? [] };
        }
        if (path.includes('/changes')) {
          return { changes: [], hasMore: false };
        }
        return structuredClone(server.group);
      },
      post: async () => null,
    };
    const session = {
      api, userId: me.userId, username: name, identity: me.identity, deviceId: p.b64urlEncode(p.randomBytes(16)),
      wrapKey: await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
      pinConflicts: {},
      pinnedKey: (userId) => pins[userId],
      pinAll: async (entries) => entries.forEach(([userId, key]) => { pins[userId] = key; }),
      chain: (id) => chains.get(id) ?? { seq: 0, hash: p.ZERO_HASH },
      advanceChain: (id, seq, hash) => chains.set(id, { seq, hash }),
    };
    const socket = new EventTarget();
    socket.sent = [];
    socket.answers = [];
    socket.sendEnvelope = (clientId, envelope) => {
      socket.sent.push(structuredClone(envelope));
      const answer = socket.answers.shift() ?? { messageId: crypto.randomUUID(), storedAt: new Date().toISOString() };
      return answer.code ? Promise.reject(Object.assign(new Error(answer.code), answer)) : Promise.resolve(answer);
    };
    socket.confirmGroupDelivery = () => {};
    socket.typingInGroup = () => {};
    return { session, socket };
  }

  // --- a send refused with stale_epoch is sealed again for the new members at the same chain position
  {
    const server = { group: { id: groupId, name: 'G', epoch: 1, members: [member('alice'), member('bob')],
      formerMembers: [], memberships: [period('alice', 1), period('bob', 1)] }, messages: [] };
    const { session, socket } = await signedIn('alice', server);
    const group = await Group.open(session, socket, groupId);
    await group.load();
    socket.answers.push({ code: 'stale_epoch', epoch: 2 });
    server.group = { ...server.group, epoch: 2, members: [member('alice'), member('bob'), member('carol')],
      memberships: [period('alice', 1), period('bob', 1), period('carol', 2)] };
    const entry = await group.send('hello after the change');
    const [refused, resealed] = socket.sent;
    check('sends made', socket.sent.length, 2);
    check('the refused one was for epoch 1 and Bob', [refused.header.epoch, Object.keys(refused.keys)],
      [1, [people.bob.userId]]);
    check('sealed again for epoch 2', resealed.header.epoch, 2);
    check('for Bob and Carol', Object.keys(resealed.keys).sort(), [people.bob.userId, people.carol.userId].sort());
    check('at the same chain position', [resealed.header.seq, resealed.header.prev], [refused.header.seq, refused.header.prev]);
    check('the entry shown once, intact', [entry.text, entry.result, entry.epoch], ['hello after the change', 'INTACT', 2]);
    check('the chain moved on once', session.chain(groupId).seq, 1);
    const carolKey = await p.groupPairKey(people.carol.identity.privateKey, people.carol.identity.publicKey,
      people.alice.identity.publicKey, groupId);
    const verifier = new p.GroupVerifier(groupId, people.carol.userId, new Map([[people.alice.userId, carolKey]]),
      new Map([[2, new Set([people.alice.userId, people.bob.userId, people.carol.userId])]]));
    check('Carol reads the resealed message', (await verifier.verify(resealed)).result, 'INTACT');
    check('the chain sealed on is the resealed one', p.b64urlEncode(session.chain(groupId).hash),
      p.b64urlEncode(await crypto.subtle.digest('SHA-256', p.concatBytes(p.utf8(p.canonicalize(resealed.header)),
        p.b64urlDecode(resealed.nonce), p.b64urlDecode(resealed.ciphertext))).then((hash) => new Uint8Array(hash))));

    socket.answers.push({ code: 'stale_epoch', epoch: 2 }, { code: 'stale_epoch', epoch: 2 },
      { code: 'stale_epoch', epoch: 2 });
    const error = await group.send('never stored').then(() => null, (e) => e.code);
    check('three refusals in a row give up', error, 'stale_epoch');
    check('and leave the chain where it was', session.chain(groupId).seq, 1);

    // Receipts count only the other members of the message's epoch.
    group.receipts = new Map([[people.bob.userId, { userId: people.bob.userId, deliveredUpTo: entry.id }],
      [people.carol.userId, { userId: people.carol.userId, deliveredUpTo: entry.id, readUpTo: entry.id }]]);
    check('receipts of the epoch-2 message', group.receiptCounts(entry), { delivered: 2, read: 1, of: 2 });
    group.close();
  }

  // --- a member who joined later reads a running chain; a member from the start sees a drop
  {
    const [first, second, third] = await aliceChain([
      { seq: 1, epoch: 1, text: 'before Carol', recipients: ['bob'] },
      { seq: 2, epoch: 2, text: 'welcome Carol', recipients: ['bob', 'carol'] },
      { seq: 3, epoch: 2, text: 'and again', recipients: ['bob', 'carol'] }]);
    const group2 = { id: groupId, name: 'G', epoch: 2, members: [member('alice'), member('bob'), member('carol')],
      formerMembers: [], memberships: [period('alice', 1), period('bob', 1), period('carol', 2)] };
    const carol = await signedIn('carol', { group: group2, messages: [second, third] });
    const carolGroup = await Group.open(carol.session, carol.socket, groupId);
    const carolSees = (await carolGroup.load()).map((entry) => [entry.text, entry.result]);
    check('Carol, who joined in epoch 2', carolSees, [['welcome Carol', 'INTACT'], ['and again', 'INTACT']]);
    carolGroup.close();
    const bob = await signedIn('bob', { group: group2, messages: [second, third] });
    const bobGroup = await Group.open(bob.session, bob.socket, groupId);
    const bobSees = (await bobGroup.load()).map((entry) => [entry.text, entry.result]);
    check('Bob, a member from the start, missing the first', bobSees, [['welcome Carol', 'DROPPED'], ['and again', 'INTACT']]);
    bobGroup.close();
    const bobAll = await signedIn('bob', { group: group2, messages: [first, second, third] });
    const bobAllGroup = await Group.open(bobAll.session, bobAll.socket, groupId);
    check('Bob with every message', (await bobAllGroup.load()).map((entry) => entry.result), ['INTACT', 'INTACT', 'INTACT']);
    bobAllGroup.close();

    // Alice's own messages: none sent from this browser, so each shows as sent from another device, not an alarm.
    const alice = await signedIn('alice', { group: group2, messages: [first, second] });
    const aliceGroup = await Group.open(alice.session, alice.socket, groupId);
    check('Alice reads her other device', (await aliceGroup.load()).map((entry) => [entry.result, entry.text]),
      [['OTHER_DEVICE', null], ['OTHER_DEVICE', null]]);
    aliceGroup.close();
  }

  // --- a message the user sent from this browser shows from its own copy after the room is read again
  {
    const server = { group: { id: groupId, name: 'G', epoch: 1, members: [member('alice'), member('bob')],
      formerMembers: [], memberships: [period('alice', 1), period('bob', 1)] }, messages: [] };
    const { session, socket } = await signedIn('alice', server);
    const group = await Group.open(session, socket, groupId);
    await group.load();
    const sent = await group.send('kept in this browser');
    server.messages = [{ id: sent.id, groupId, senderId: people.alice.userId, epoch: 1, storedAt: sent.storedAt,
      envelope: socket.sent[0] }];
    group.close();
    const again = await Group.open(session, socket, groupId);
    check('Alice reads her own message again', (await again.load()).map((entry) => [entry.result, entry.text]),
      [['INTACT', 'kept in this browser']]);
    again.close();
  }
}

run().then(() => done({ checks, failures }),
  (e) => done({ checks, failures: failures.concat([`the checks stopped: ${e}\n${e && e.stack}`]) }));
