// PROTOCOL.md §4's checks over a conversation read in pages, newest first, plus live messages.
//
// MessageVerifier (protocol.js) checks messages in the order they were sent, from each chain's first message. A
// chat room shows the newest page first and reads older pages only when the user scrolls up, so this verifier
// keeps, per chain (sender, device), the window of it seen so far: its lowest message (seq and prev) and its
// highest (seq and hash). Within a page and for live messages the checks are §4's; where an older page meets the
// window, the older page's last message of a chain must be the window's first one's predecessor (seq - 1, and its
// hash = the window's prev); once the first page of history is read, every chain must start at seq 1 with 32 zero
// bytes as prev. So every message is checked against its neighbours as soon as both are on screen, and a
// conversation read back to its start is checked exactly as a reader from the start would check it.

import { equalBytes, openEnvelope, ZERO_HASH } from './protocol.js';

export class HistoryVerifier {
  constructor(convKey, conversationId, memberIds) {
    this.convKey = convKey;
    this.conversationId = conversationId;
    this.members = new Set(memberIds);
    /** chain id -> {low: {seq, prev, messageId}, high: {seq, hash}, anchored} */
    this.chains = new Map();
    this.startReached = false;
  }

  /**
   * An older page (oldest first), read before everything checked so far. Returns a Map messageId -> {result, body}
   * for its messages, and for window messages whose result changed at the join.
   */
  async addOlder(messages, hasMore) {
    const results = new Map();
    const older = new Map();
    for (const message of messages) {
      const opened = await this.open(message, results);
      if (opened) {
        results.set(message.id, { result: step(older, opened, message.id, false), body: opened.body });
      }
    }
    const startReached = !hasMore;
    if (startReached) {
      for (const chain of older.values()) {
        flag(results, chain.low.messageId, startProblem(chain.low));
        chain.anchored = true;
      }
    }
    for (const [id, window] of this.chains) {
      const before = older.get(id);
      if (before) {
        flag(results, window.low.messageId, joinProblem(before.high, window.low));
        window.low = before.low;
        window.anchored = before.anchored;
        older.delete(id);
      } else if (startReached && !window.anchored) {
        flag(results, window.low.messageId, startProblem(window.low));
        window.anchored = true;
      }
    }
    for (const [id, chain] of older) {
      this.chains.set(id, chain);
    }
    this.startReached = startReached;
    return results;
  }

  /** A message newer than everything checked so far (the rest of a page, a live message, a catch-up). */
  async addNewer(message) {
    const results = new Map();
    const opened = await this.open(message, results);
    if (!opened) {
      return results.get(message.id);
    }
    return { result: step(this.chains, opened, message.id, this.startReached), body: opened.body };
  }

  /** Checks 1 and 2: the envelope opens, and its authenticated sender is the member the server says sent it. */
  async open(message, results) {
    const opened = await openEnvelope(this.convKey, this.conversationId, message.envelope);
    if (!opened) {
      results.set(message.id, { result: 'MODIFIED' });
      return null;
    }
    if (opened.header.from !== message.senderId || !this.members.has(opened.header.from)) {
      results.set(message.id, { result: 'WRONG_SENDER', body: opened.body });
      return null;
    }
    return opened;
  }
}

/**
 * Checks 3 and 4 for the next message of a chain. A chain not met before starts here: at seq 1 when the start of
 * the conversation is known to be read (fromStart), anywhere otherwise (the join checks it later).
 */
function step(chains, opened, messageId, fromStart) {
  const id = `${opened.header.from}/${opened.header.device}`;
  const { seq } = opened.header;
  const chain = chains.get(id);
  if (!chain) {
    const low = { seq, prev: opened.prev, messageId };
    chains.set(id, { low, high: { seq, hash: opened.hash }, anchored: fromStart });
    return fromStart ? (startProblem(low) ?? 'INTACT') : 'INTACT';
  }
  if (seq <= chain.high.seq) {
    return 'REPLAYED_OR_REORDERED';
  }
  const expected = chain.high;
  chain.high = { seq, hash: opened.hash };
  if (seq > expected.seq + 1) {
    return 'DROPPED';
  }
  return equalBytes(opened.prev, expected.hash) ? 'INTACT' : 'BROKEN_CHAIN';
}

/** Marks a message whose link to its chain's neighbour failed (a problem at a page boundary). */
function flag(results, messageId, problem) {
  if (problem) {
    results.set(messageId, { ...results.get(messageId), result: problem });
  }
}

function joinProblem(before, after) {
  if (after.seq <= before.seq) {
    return 'REPLAYED_OR_REORDERED';
  }
  if (after.seq > before.seq + 1) {
    return 'DROPPED';
  }
  return equalBytes(after.prev, before.hash) ? null : 'BROKEN_CHAIN';
}

function startProblem(low) {
  if (low.seq > 1) {
    return 'DROPPED';
  }
  return equalBytes(low.prev, ZERO_HASH) ? null : 'BROKEN_CHAIN';
}
