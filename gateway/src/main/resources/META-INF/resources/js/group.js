// One open group (PROTOCOL.md §7): its members and their pinned keys, the pair keys with members present and past,
// the membership record, the history with every message checked (GroupVerifier), live messages, receipts, and
// sending with this device's chain, sealed again for the new members when the server says the epoch moved on.

import { b64urlDecode, groupMessageHeader, groupPairKey, GroupVerifier, pinCheck, safetyNumber, sealGroupMessage }
  from './protocol.js';
import { OwnGroupMessages } from './own-messages.js';

const PAGE_SIZE = 200;
const TYPING_EVERY_MS = 3_000;
/** How often one message is sealed again because the membership changed while it was on its way. */
const RESEALS = 3;

/** The kinds of the membership record that end the user's membership, when the user is their subject. */
const ENDS_MEMBERSHIP = new Set(['removed', 'left']);

export class Group extends EventTarget {
  constructor(session, socket, id) {
    super();
    this.session = session;
    this.socket = socket;
    this.id = id;
    this.info = null;
    this.listeners = [];
    this.ready = false;
    this.queued = [];
    this.known = new Set();
    /** Message ids in history order: a receipt covers message m when it names m or a later one. */
    this.order = new Map();
    /** Per other current member: {deliveredUpTo, readUpTo, readAt}, from history, then live. */
    this.receipts = new Map();
    /** Set once the user is no longer a member: the room is read-only and hears nothing more of the group. */
    this.removal = null;
    this.newestId = null;
    this.typingSentAt = 0;
    /** The frames' work, one at a time in the order they came: the chain checks depend on the order. */
    this.turn = Promise.resolve();
    /** The user's sends, one after the other (send()). */
    this.sending = Promise.resolve();
    /** A change announced while the history was read: the group is read again once it is shown. */
    this.changedWhileLoading = false;
  }

  /** The group as the server has it now, its members' keys checked against the pins and its pair keys derived. */
  static async open(session, socket, groupId) {
    const group = new Group(session, socket, groupId);
    await group.refresh();
    group.own = await OwnGroupMessages.load(session, groupId);
    group.listen();
    return group;
  }

  get name() {
    return this.info.name;
  }

  get members() {
    return this.info.members;
  }

  get isCreator() {
    return this.info.creatorId === this.session.userId;
  }

  /** A member's or former member's username, by user id. */
  nameOf(userId) {
    if (userId === this.session.userId) {
      return this.session.username;
    }
    return this.people.get(userId)?.username ?? 'someone';
  }

  /**
   * Reads the group (members, keys, epochs): on opening, after a membership change and before sealing again; the
   * checks of further messages use what it read.
   */
  async refresh() {
    this.info = await this.session.api.get(`/api/chat/groups/${this.id}`);
    const former = this.info.formerMembers ?? [];
    this.people = new Map([...former, ...this.info.members].map((person) => [person.userId, person]));
    await this.pinKeys();
    this.epochs = epochMembers(this.info.memberships ?? [], this.info.epoch);
    if (this.verifier) {
      this.verifier.epochs = this.epochs;
      this.verifier.pairKeys = this.pairKeys;
    }
  }

  /**
   * Every member's key, present and past, is checked against the pin before a pair key is derived (PROTOCOL.md §7,
   * §5), members who are not the user's friends too: the first key seen is pinned (one vault upload for all of them),
   * a different key later is never used, and the room shows the warning until the user accepts the new key.
   */
  async pinKeys() {
    const others = [...this.people.values()].filter((person) => person.userId !== this.session.userId && person.publicKey);
    const firstSeen = others.filter((person) => pinCheck(this.session.pinnedKey(person.userId), person.publicKey)
      === 'NOT_PINNED');
    if (firstSeen.length > 0) {
      await this.session.pinAll(firstSeen.map((person) => [person.userId, person.publicKey])).catch((error) => {
        if (error.code !== 'password_required') {
          throw error;
        }
      });
    }
    this.changedKeys = others.flatMap((person) => {
      const pinned = this.session.pinnedKey(person.userId);
      const presented = pinCheck(pinned, person.publicKey) === 'CHANGED' ? person.publicKey
        : this.session.pinConflicts[person.userId];
      return presented ? [{ userId: person.userId, username: person.username, pinned, presented }] : [];
    });
    this.pairKeys = new Map();
    const { privateKey, publicKey } = this.session.identity;
    for (const person of others) {
      this.pairKeys.set(person.userId, await groupPairKey(privateKey, publicKey,
        b64urlDecode(this.session.pinnedKey(person.userId)), this.id));
    }
  }

  get keyChanged() {
    return this.changedKeys.length > 0;
  }

  /** The user compared the safety number: pins the presented key of that member and derives again. */
  async acceptKeyChange(userId) {
    const change = this.changedKeys.find((each) => each.userId === userId);
    await this.session.acceptPin(userId, change.presented);
    await this.pinKeys();
  }

  async safetyNumbers(change) {
    const mine = this.session.identity.publicKey;
    return [(await safetyNumber(mine, b64urlDecode(change.pinned))).text,
      (await safetyNumber(mine, b64urlDecode(change.presented))).text];
  }

  listen() {
    const on = (type, handler) => {
      this.socket.addEventListener(type, handler);
      this.listeners.push([type, handler]);
    };
    const ours = (handler) => (event) => event.detail.groupId === this.id && !this.removal && handler(event.detail);
    on('group-message', ours((frame) => this.serially(() => this.live(frame))));
    on('group-changed', ours((frame) => this.serially(() => this.changed(frame))));
    on('group-delivered', ours((frame) => this.receipt(frame.userId, { deliveredUpTo: frame.upTo })));
    on('group-read', ours((frame) => this.receipt(frame.userId, { readUpTo: frame.upTo, readAt: frame.at })));
    on('typing', ours((frame) => frame.from !== this.session.userId && this.emit('typing', { from: frame.from,
      name: this.nameOf(frame.from) })));
    on('state', (event) => {
      if (event.detail.connected && this.ready && !this.removal) {
        this.serially(() => this.catchUp());
      }
    });
  }

  serially(task) {
    this.turn = this.turn.then(task).catch((error) => this.emit('problem', error));
  }

  close() {
    this.listeners.forEach(([type, handler]) => this.socket.removeEventListener(type, handler));
    this.listeners = [];
  }

  /**
   * The whole history the user may read (the messages of the epochs they were a member in), every message checked in
   * the server's order from the first, with the membership record's lines at their place. Live messages that arrive
   * meanwhile wait until it is shown.
   */
  async load() {
    this.ready = false;
    this.verifier = new GroupVerifier(this.id, this.session.userId, this.pairKeys, this.epochs);
    this.order.clear();
    this.known.clear();
    const [history, changes] = await Promise.all([this.readHistory(), this.readChanges()]);
    this.receipts = new Map((history.receipts ?? []).map((receipt) => [receipt.userId, receipt]));
    const entries = [];
    for (const message of history.messages) {
      entries.push(await this.check(message));
    }
    this.lastChangeId = changes.at(-1)?.id ?? null;
    const timeline = mergeByTime(entries, changes.map((change) => this.changeEntry(change)));
    this.confirmDelivery();
    this.ready = true;
    const queued = this.queued;
    this.queued = [];
    for (const frame of queued) {
      await this.live(frame);
    }
    if (this.changedWhileLoading) {
      this.changedWhileLoading = false;
      this.serially(() => this.changed({}));
    }
    this.markRead();
    return timeline;
  }

  async readHistory() {
    const path = `/api/chat/groups/${this.id}/messages`;
    let page = await this.session.api.get(`${path}?limit=${PAGE_SIZE}`);
    const receipts = page.receipts;
    const messages = [...page.messages];
    while (page.hasMore && page.messages.length > 0) {
      page = await this.session.api.get(`${path}?before=${messages[0].id}&limit=${PAGE_SIZE}`);
      messages.unshift(...page.messages);
    }
    return { messages, receipts };
  }

  async readChanges(after = null) {
    const changes = [];
    let page;
    do {
      const from = changes.at(-1)?.id ?? after;
      page = await this.session.api.get(`/api/chat/groups/${this.id}/changes?limit=${PAGE_SIZE}`
        + (from ? `&after=${from}` : ''));
      changes.push(...page.changes);
    } while (page.hasMore && page.changes.length > 0);
    return changes;
  }

  /**
   * Checks the next message in the server's order. The user's own messages hold no wrap for the user (PROTOCOL.md
   * §8): those this browser sent are shown from its own copy, those of the user's other devices as such, not as an
   * alarm.
   */
  async check(message) {
    this.known.add(message.id);
    this.order.set(message.id, this.order.size);
    this.newestId = message.id;
    const mine = message.senderId === this.session.userId;
    let checked = await this.verifier.verify(message.envelope);
    if (mine && checked.result === 'KEY_MISSING') {
      const body = await this.own.text(message.id);
      checked = body ? { result: 'INTACT', body } : { result: 'OTHER_DEVICE' };
    }
    return this.entry(message, checked);
  }

  entry(message, checked) {
    const mine = message.senderId === this.session.userId;
    return {
      type: 'message',
      id: message.id,
      mine,
      senderId: message.senderId,
      senderName: this.nameOf(message.senderId),
      epoch: message.epoch,
      storedAt: message.storedAt,
      result: checked.result,
      text: checked.body?.text ?? null,
      sentAt: checked.body?.sentAt ?? null,
    };
  }

  /** A line of the membership record, as the room shows it. */
  changeEntry(change) {
    const actor = this.nameOf(change.actorId);
    const subject = this.nameOf(change.subjectId);
    const texts = {
      created: `${actor} created the group`,
      added: `${actor} added ${subject}`,
      removed: `${actor} removed ${subject}`,
      left: `${actor} left`,
      renamed: `${actor} renamed the group to “${change.name}”`,
    };
    return { type: 'change', id: change.id, kind: change.kind, storedAt: change.at,
      text: texts[change.kind] ?? `${actor} changed the group` };
  }

  async live(frame) {
    if (!this.ready) {
      this.queued.push(frame);
      return;
    }
    if (this.known.has(frame.messageId)) {
      return;
    }
    const entry = await this.check({ id: frame.messageId, senderId: frame.senderId, epoch: frame.epoch,
      storedAt: frame.storedAt, envelope: frame.envelope });
    this.emit('message', entry);
    this.confirmDelivery();
    this.markRead();
  }

  /** After a reconnect: the group and its record read again, then the messages stored after the newest one shown. */
  async catchUp() {
    await this.changed({});
    const path = `/api/chat/groups/${this.id}/messages`;
    let page;
    while (!this.removal && page?.hasMore !== false) {
      page = await this.session.api.get(`${path}?limit=${PAGE_SIZE}` + (this.newestId ? `&after=${this.newestId}` : ''));
      for (const message of page.messages) {
        await this.live({ messageId: message.id, senderId: message.senderId, epoch: message.epoch,
          storedAt: message.storedAt, envelope: message.envelope });
      }
      if (page.messages.length === 0) {
        break;
      }
    }
  }

  /**
   * The membership or the name changed: the record's new lines are shown, and the group is read again for its
   * members and keys. A change that took the user out ends the room: it shows the line and hears nothing more.
   */
  async changed(frame) {
    if (!this.ready) {
      this.changedWhileLoading = true;
      return;
    }
    const change = frame.change;
    if (change && change.subjectId === this.session.userId && ENDS_MEMBERSHIP.has(change.kind)) {
      this.emit('changes', [this.changeEntry(change)]);
      this.ended(change);
      return;
    }
    try {
      await this.refresh();
    } catch (error) {
      if (error.status === 404) {
        // Taken out while this page was not listening (a reconnect, or while the history was read).
        this.ended({ kind: 'removed' });
        return;
      }
      throw error;
    }
    await this.newChanges();
    this.emit('group', this.info);
  }

  ended(change) {
    this.removal = change;
    this.close();
    this.emit('removed', change);
  }

  async newChanges() {
    const fresh = await this.readChanges(this.lastChangeId);
    if (fresh.length > 0) {
      this.lastChangeId = fresh.at(-1).id;
      this.emit('changes', fresh.map((change) => this.changeEntry(change)));
    }
  }

  receipt(userId, update) {
    this.receipts.set(userId, { ...(this.receipts.get(userId) ?? { userId }), ...update });
    this.emit('receipts', this.receipts);
  }

  /**
   * How many of the others of a message's epoch have it delivered and read: the receipts whose watermark names it
   * or a later message. {delivered, read, of}.
   */
  receiptCounts(entry) {
    const others = [...(this.epochs.get(entry.epoch) ?? [])].filter((userId) => userId !== this.session.userId);
    const position = this.order.get(entry.id) ?? -1;
    const covers = (upTo) => upTo !== undefined && upTo !== null && (this.order.get(upTo) ?? Infinity) >= position;
    let delivered = 0;
    let read = 0;
    for (const userId of others) {
      const receipt = this.receipts.get(userId);
      if (covers(receipt?.readUpTo)) {
        read += 1;
        delivered += 1;
      } else if (covers(receipt?.deliveredUpTo)) {
        delivered += 1;
      }
    }
    return { delivered, read, of: others.length };
  }

  /**
   * Seals the text as the next message of this device's chain for the other members of the current epoch and sends
   * it. When the membership changed meanwhile (stale_epoch) the group is read again and the same body sealed again for
   * the new members at the same place of the chain: the refused envelope was never stored, so nobody sees a gap. Sends
   * go one at a time, each sealed once the one before it is stored, so that a message sealed again is still the one
   * the next message names as prev. Resolves with the entry to show (null when a catch-up showed it first).
   */
  send(text) {
    const sent = this.sending.then(() => this.sendNext(text));
    this.sending = sent.catch(() => {});
    return sent;
  }

  async sendNext(text) {
    if (this.removal) {
      throw new Error('You are no longer a member of this group.');
    }
    const chain = this.session.chain(this.id);
    const seq = chain.seq + 1;
    const body = { text, sentAt: new Date().toISOString() };
    let ack;
    for (let attempt = 1; ; attempt++) {
      const sealed = await this.seal(seq, chain.hash, body);
      // The chain moves on when a message is sealed; a send that fails otherwise is retried with the same envelope.
      this.session.advanceChain(this.id, seq, sealed.hash);
      try {
        ack = await this.socket.sendEnvelope(crypto.randomUUID(), sealed.envelope);
        break;
      } catch (error) {
        if (error.code !== 'stale_epoch') {
          throw error;
        }
        // Nothing was stored: the chain goes back, so that the next message does not leave readers a gap.
        this.session.advanceChain(this.id, chain.seq, chain.hash);
        if (attempt === RESEALS) {
          throw error;
        }
        await this.refresh();
      }
    }
    await this.own.keep(ack.messageId, body);
    if (this.known.has(ack.messageId)) {
      return null;
    }
    this.known.add(ack.messageId);
    this.order.set(ack.messageId, this.order.size);
    this.newestId = ack.messageId;
    return this.entry({ id: ack.messageId, senderId: this.session.userId, epoch: this.info.epoch,
      storedAt: ack.storedAt }, { result: 'INTACT', body });
  }

  /** The body sealed for the other members of the current epoch under their pinned keys; never while one changed. */
  async seal(seq, prevHash, body) {
    if (this.keyChanged) {
      throw new Error(`${this.changedKeys[0].username}'s security key has changed. Check it before sending.`);
    }
    const header = groupMessageHeader(this.id, this.session.userId, this.session.deviceId, seq, prevHash,
      this.info.epoch);
    const recipients = this.members.filter((member) => member.userId !== this.session.userId)
      .map((member) => ({ userId: member.userId, pairKey: this.pairKeys.get(member.userId) }));
    if (recipients.some((recipient) => !recipient.pairKey)) {
      throw new Error('A member of this group has no key yet. Try again in a moment.');
    }
    return sealGroupMessage(header, body, recipients);
  }

  /** The members' devices learn that this one has the group's messages up to the newest one from another member. */
  confirmDelivery() {
    if (this.newestId && !this.removal) {
      this.socket.confirmGroupDelivery(this.id, this.newestId);
    }
  }

  typing() {
    const now = Date.now();
    if (now - this.typingSentAt >= TYPING_EVERY_MS && !this.removal) {
      this.typingSentAt = now;
      this.socket.typingInGroup(this.id);
    }
  }

  typingEnded() {
    this.typingSentAt = 0;
  }

  markRead() {
    if (this.newestId && !this.removal && document.visibilityState === 'visible') {
      this.session.api.post(`/api/chat/groups/${this.id}/read`, { upTo: this.newestId }).catch(() => {});
    }
  }

  // ---------------------------------------------------------------- membership

  // Each change is followed by the group read again, so that a message sent right after it is sealed for the new
  // members with their keys (the group-changed frame that follows reads it once more, harmlessly).

  async addMember(userId) {
    await this.session.api.post(`/api/chat/groups/${this.id}/members`, { userId });
    await this.refresh();
  }

  async removeMember(userId) {
    await this.session.api.delete(`/api/chat/groups/${this.id}/members/${userId}`);
    await this.refresh();
  }

  async rename(name) {
    await this.session.api.put(`/api/chat/groups/${this.id}/name`, { name });
    await this.refresh();
  }

  async leave() {
    await this.session.api.post(`/api/chat/groups/${this.id}/leave`, {});
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** The members of every epoch, 1 to the current one, from the membership periods ([{userId, joinedEpoch, leftEpoch}]). */
function epochMembers(memberships, currentEpoch) {
  const epochs = new Map();
  for (let epoch = 1; epoch <= currentEpoch; epoch++) {
    epochs.set(epoch, new Set(memberships.filter((period) => period.joinedEpoch <= epoch
      && (period.leftEpoch === undefined || period.leftEpoch === null || epoch < period.leftEpoch))
      .map((period) => period.userId)));
  }
  return epochs;
}

/** Messages and membership lines in one timeline, by the time the server stored them (both lists oldest first). */
function mergeByTime(messages, changes) {
  const merged = [];
  let m = 0;
  let c = 0;
  while (m < messages.length || c < changes.length) {
    const takeChange = m === messages.length
      || (c < changes.length && Date.parse(changes[c].storedAt) <= Date.parse(messages[m].storedAt));
    merged.push(takeChange ? changes[c++] : messages[m++]);
  }
  return merged;
}
