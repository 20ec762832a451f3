// The chat room: the green join line, the history in grey (older pages on scrolling up), live messages, delivery
// and read marks, the friend's typing indicator, the integrity alert, the key-change warning and the safety number.

import { Conversation } from '../conversation.js';
import { conversationList } from './conversations.js';
import { formatTime, h, replaceChildren, showResult } from '../dom.js';
import { composer } from './composer.js';
import { passwordPrompt } from './password-prompt.js';
import { marking, PROBLEMS, regroup } from './timeline.js';

/** How long "NAME is typing…" stays after the friend's last typing frame (they come every 3 s while typing). */
const TYPING_SHOWN_MS = 5_000;

export function chatPage(app, friendId) {
  const view = { title: 'Chat', conversationId: null };
  /**
   * A receipt can overtake the message it names: the friend's device confirms as soon as the message reaches it,
   * while this page is still checking and storing its own copy after the ack. Such a receipt waits here for its line.
   */
  const earlyReceipts = new Map();

  const title = h('h1', {}, 'Chat');
  const join = h('p', { id: 'chat-join', class: 'join' });
  const alert = h('div', { id: 'integrity-alert', class: 'integrity-alert', role: 'alert', hidden: true });
  const keyWarning = h('div', { id: 'key-change-warning', class: 'key-warning', role: 'alert', hidden: true });
  const safety = h('div', { id: 'safety-panel', class: 'safety', hidden: true });
  const passwordForm = passwordPrompt(app);
  const older = h('button', { id: 'load-older', type: 'button', class: 'link', hidden: true, onclick: () => loadOlder() },
    'Load older messages');
  // Not a live region itself: loading the history would be read out whole. New messages are announced one by one.
  const messages = h('ul', { id: 'messages', class: 'messages' });
  // Focusable, so that a keyboard alone can scroll the history (when nothing inside it takes the focus).
  const scroller = h('div', { class: 'scroller', role: 'region', 'aria-label': 'Messages', tabindex: '0' },
    older, join, messages);
  const sendResult = h('p', { id: 'send-result', hidden: true });
  // Always in the page (an empty live region), so that screen readers hear the text when it is set.
  const typingIndicator = h('p', { id: 'typing-indicator', class: 'typing', 'aria-live': 'polite' });
  const { form, input, sendButton } = composer({ messages, scroller, sendResult, senderName: app.session.username,
    room: () => conversation, line, sent: (entry) => applyEarlyReceipt(entry.id), sendsTyping: () => sendsTyping });
  const room = h('section', { class: 'card chat' },
    h('header', { class: 'chat-header' },
      title,
      h('div', { class: 'buttons' },
        h('button', { id: 'show-safety-number', type: 'button', class: 'secondary small', onclick: toggleSafety }, 'Safety number'),
        h('button', { id: 'leave-room', type: 'button', class: 'secondary small', onclick: () => app.go('friends') }, 'Leave room'))),
    safety, keyWarning, passwordForm.element, alert, scroller, typingIndicator, sendResult, form);
  const others = conversationList(app, { friendId });
  const element = h('div', { class: 'chat-layout' }, others.element, room);
  const problems = new Map();
  let conversation = null;
  let loadingOlder = false;
  /** The user's own choice: with typing indicators off this page never says it is typing. */
  let sendsTyping = true;
  let typingTimer = null;

  async function load() {
    app.session.api.get('/api/chat/settings')
      .then((settings) => { sendsTyping = settings.typingIndicators !== false; })
      .catch(() => {});
    conversation = await Conversation.open(app.session, app.socket, friendId);
    view.conversationId = conversation.id;
    const name = conversation.friend.username;
    title.textContent = name;
    view.title = `Chat with ${name}`;
    app.setTitle(view.title);
    app.conversationRead(conversation.id);
    others.reload();
    join.textContent = `You are now chatting with ${name}`;
    await showKeyWarning();
    if (app.session.unsavedPins) {
      passwordForm.open(null);
    }
    conversation.addEventListener('message', (event) => {
      const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
      messages.append(line(event.detail, 'live'));
      regroup(messages);
      applyEarlyReceipt(event.detail.id);
      noteProblem(event.detail.id, event.detail.result);
      if (!event.detail.mine) {
        typingStopped();
        app.announce(`${event.detail.senderName}: ${event.detail.text ?? 'a message that failed its integrity check'}`);
      }
      if (nearBottom || event.detail.mine) {
        scroller.scrollTop = scroller.scrollHeight;
      }
    });
    conversation.addEventListener('delivered', (event) => markDelivered(event.detail.upTo, event.detail.deliveredAt));
    conversation.addEventListener('read', () => markRead());
    conversation.addEventListener('typing', () => friendTyping());
    conversation.addEventListener('problem', (event) => showResult(sendResult, 'error', event.detail.message));
    await showHistory();
  }

  async function showHistory() {
    replaceChildren(messages);
    problems.clear();
    renderAlert();
    const entries = await conversation.loadNewest();
    messages.append(...entries.map((entry) => line(entry, 'history')));
    regroup(messages);
    markRead();
    entries.forEach((entry) => noteProblem(entry.id, entry.result));
    older.hidden = !conversation.hasOlder;
    scroller.scrollTop = scroller.scrollHeight;
  }

  async function loadOlder() {
    if (loadingOlder || !conversation?.hasOlder) {
      return;
    }
    loadingOlder = true;
    try {
      const heightBefore = scroller.scrollHeight;
      const { entries, updates } = await conversation.loadOlder();
      messages.prepend(...entries.map((entry) => line(entry, 'history')));
      regroup(messages);
      markRead();
      for (const [id, checked] of updates) {
        noteProblem(id, checked.result);
      }
      older.hidden = !conversation.hasOlder;
      scroller.scrollTop += scroller.scrollHeight - heightBefore;
    } catch (error) {
      showResult(sendResult, 'error', error.message);
    } finally {
      loadingOlder = false;
    }
  }

  function line(entry, kind) {
    const intact = entry.result === 'INTACT';
    const mark = intact ? null : marking(entry.result);
    const classes = ['message', kind, entry.mine ? 'mine' : 'theirs', mark?.className].filter(Boolean).join(' ');
    const text = entry.text === null ? `This message failed its integrity check (${entry.result}).` : entry.text;
    const meta = h('div', { class: 'message-meta' },
      h('span', { class: 'sender' }, entry.senderName),
      h('time', { datetime: entry.sentAt ?? entry.storedAt, title: entry.storedAt ? `stored ${entry.storedAt}` : '' },
        formatTime(entry.sentAt ?? entry.storedAt)));
    if (entry.mine) {
      meta.append(entry.deliveredAt ? delivered(entry.deliveredAt) : h('span', { class: 'sent' }, 'Sent'));
    }
    if (mark) {
      meta.append(h('span', { class: 'problem' }, mark.label));
    }
    return h('li', { class: classes, dataset: { messageId: entry.id ?? '', sender: entry.mine ? 'me' : 'friend' } },
      meta, h('div', { class: 'message-text' }, text));
  }

  function delivered(at) {
    return h('span', { class: 'delivered', title: `delivered ${at}` }, `Delivered ${formatTime(at)}`);
  }

  function read(at) {
    return h('span', { class: 'read', title: `read ${at}` }, `Read ${formatTime(at)}`);
  }

  function applyEarlyReceipt(messageId) {
    const at = earlyReceipts.get(messageId);
    if (at !== undefined) {
      earlyReceipts.delete(messageId);
      markDelivered(messageId, at);
    }
    if (conversation?.friendRead?.upTo === messageId) {
      markRead();
    }
  }

  /**
   * The user's own messages up to the one the friend has read show "Read" with the time the friend's marker moved
   * there, in place of "Sent" or "Delivered" (read implies delivered). A marker naming a line not shown yet (its ack
   * is still being handled) is applied when that line comes.
   */
  function markRead() {
    const state = conversation?.friendRead;
    if (!state) {
      return;
    }
    const lines = [...messages.querySelectorAll('li.message')];
    const last = lines.findIndex((item) => item.dataset.messageId === state.upTo);
    for (const item of lines.slice(0, last + 1)) {
      const mark = item.classList.contains('mine') && !item.classList.contains('pending') && !item.querySelector('.read')
        && item.querySelector('.sent, .delivered');
      if (mark) {
        mark.replaceWith(read(state.at));
      }
    }
  }

  /** "NAME is typing…" until a few seconds after the last typing frame, or until their message comes. */
  function friendTyping() {
    typingIndicator.textContent = `${conversation.friend.username} is typing…`;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(typingStopped, TYPING_SHOWN_MS);
  }

  function typingStopped() {
    clearTimeout(typingTimer);
    typingTimer = null;
    typingIndicator.textContent = '';
  }

  function markDelivered(upTo, at) {
    const lines = [...messages.querySelectorAll('li.message')];
    const last = lines.findIndex((item) => item.dataset.messageId === upTo);
    if (last < 0) {
      earlyReceipts.set(upTo, at);
      return;
    }
    for (const item of lines.slice(0, last + 1)) {
      const sent = item.classList.contains('mine') && item.querySelector('.sent');
      if (sent) {
        sent.replaceWith(delivered(at));
      }
    }
  }

  function noteProblem(messageId, result) {
    if (result && result !== 'INTACT') {
      problems.set(messageId, result);
      const item = messages.querySelector(`li[data-message-id="${CSS.escape(messageId)}"]`);
      const mark = marking(result);
      if (item && !item.classList.contains(mark.className)) {
        item.classList.add(mark.className);
        item.querySelector('.message-meta').append(h('span', { class: 'problem' }, mark.label));
      }
      renderAlert();
    }
  }

  function renderAlert() {
    const kinds = [...new Set(problems.values())];
    alert.hidden = kinds.length === 0;
    replaceChildren(alert,
      h('strong', {}, 'Integrity alert'),
      h('ul', {}, kinds.map((kind) => h('li', {}, `${kind}: ${PROBLEMS[kind]}`))),
      h('p', {}, `The marked messages show where. Parley's server, or someone between you and it, may have tampered with
        this conversation.`));
  }

  async function showKeyWarning() {
    const changed = conversation.keyChanged;
    keyWarning.hidden = !changed;
    sendButton.disabled = changed;
    input.disabled = changed;
    if (!changed) {
      replaceChildren(keyWarning);
      return;
    }
    const name = conversation.friend.username;
    const [before, after] = [await conversation.safetyNumber(), await conversation.presentedSafetyNumber()];
    replaceChildren(keyWarning,
      h('strong', {}, `${name}'s security key has changed.`),
      h('p', {}, `The server now gives a different key for ${name} than the one you first saw. This happens when
        someone else is trying to read your messages, or when ${name}'s account was replaced. Compare your safety number
        with ${name} in person or on a call before you accept the new key. Until then nothing can be sent.`),
      h('p', {}, 'Safety number with the key you trusted: ',
        h('span', { id: 'safety-number-pinned', class: 'safety-number' }, before)),
      h('p', {}, 'Safety number with the new key: ',
        h('span', { id: 'safety-number-presented', class: 'safety-number' }, after)),
      h('button', { id: 'accept-key-change', type: 'button', class: 'danger small', onclick: acceptKeyChange }, 'Accept the new key'));
  }

  async function acceptKeyChange() {
    try {
      await conversation.acceptKeyChange();
      await keyAccepted();
    } catch (error) {
      if (error.code === 'password_required') {
        passwordForm.open(acceptKeyChange);
      } else {
        showResult(sendResult, 'error', error.message);
      }
    }
  }

  async function keyAccepted() {
    await showKeyWarning();
    safety.hidden = true;
    await showHistory();
  }


  async function toggleSafety() {
    if (!conversation) {
      return;
    }
    if (!safety.hidden) {
      safety.hidden = true;
      return;
    }
    const number = await conversation.safetyNumber();
    replaceChildren(safety,
      h('p', {}, `Your safety number with ${conversation.friend.username}:`),
      h('p', { id: 'safety-number', class: 'safety-number' }, number),
      h('p', { class: 'hint' }, `Compare it with the number ${conversation.friend.username} sees, in person or on a call.
        If both are the same, nobody can read your messages in between.`));
    safety.hidden = false;
  }

  scroller.addEventListener('scroll', () => {
    if (scroller.scrollTop < 40) {
      loadOlder();
    }
  });

  view.element = element;
  view.loaded = load();
  // Messages that came while the tab was hidden are read once it is shown again.
  const onVisible = () => document.visibilityState === 'visible' && conversation?.markRead();
  document.addEventListener('visibilitychange', onVisible);
  view.dispose = () => {
    document.removeEventListener('visibilitychange', onVisible);
    clearTimeout(typingTimer);
    others.dispose();
    conversation?.close();
  };
  return view;
}
