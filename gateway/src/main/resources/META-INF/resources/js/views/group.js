// The group room: the members with their presence (friends only) and what a member may do (add a friend, rename,
// leave; the creator also removes), the timeline of messages and membership lines, who sent each message, how many
// have it delivered and read, who is typing, the integrity alert and the key-change warning. A member taken out of the
// group keeps the page read-only.

import { ApiError } from '../api.js';
import { formatTime, h, replaceChildren, showResult } from '../dom.js';
import { Group } from '../group.js';
import { conversationList } from './conversations.js';
import { memberCount } from './groups.js';
import { composer } from './composer.js';
import { passwordPrompt } from './password-prompt.js';
import { marking, PROBLEMS, regroup } from './timeline.js';

const TYPING_SHOWN_MS = 5_000;

/** chat-service's refusals of a membership change (chat-service/README.md, Groups), as the room says them. */
const REFUSALS = {
  invalid_group_name: 'A group name has 1 to 64 characters, and no control characters.',
  already_a_member: 'That friend is already a member.',
  not_a_friend: 'You can only add your friends to a group.',
  too_many_members: 'A group can have at most 50 members.',
  not_group_creator: 'Only the person who created the group can remove members.',
  not_a_member: 'That person is no longer a member.',
  cannot_remove_yourself: 'To go, leave the group instead.',
};

const GONE = 'This group does not exist, or you are no longer a member of it.';

export function groupPage(app, groupId) {
  const view = { title: 'Group', groupId };
  const title = h('h1', { id: 'group-name' }, 'Group');
  const summary = h('p', { id: 'group-summary', class: 'group-summary' });
  const membersButton = h('button', { id: 'show-members', type: 'button', class: 'secondary small',
    'aria-expanded': 'false', 'aria-controls': 'members-panel', onclick: toggleMembers }, 'Members');
  const memberList = h('ul', { id: 'member-list', class: 'list members' });
  const addSelect = h('select', { id: 'add-member-select', 'aria-label': 'Friend to add' });
  const addForm = h('form', { id: 'add-member-form', class: 'inline-form' },
    h('label', { for: 'add-member-select' }, 'Add a friend'),
    h('div', { class: 'inline-controls' }, addSelect,
      h('button', { id: 'add-member-submit', type: 'submit', class: 'primary small' }, 'Add')));
  const renameInput = h('input', { id: 'rename-input', type: 'text', autocomplete: 'off' });
  const renameForm = h('form', { id: 'rename-form', class: 'inline-form' },
    h('label', { for: 'rename-input' }, 'Group name'),
    h('div', { class: 'inline-controls' }, renameInput,
      h('button', { id: 'rename-submit', type: 'submit', class: 'secondary small' }, 'Rename')));
  const leaveButton = h('button', { id: 'leave-group', type: 'button', class: 'danger small', onclick: askLeave },
    'Leave group');
  const groupResult = h('p', { id: 'group-result', hidden: true });
  const leaveDialog = h('dialog', { id: 'leave-group-dialog', 'aria-labelledby': 'leave-group-question' });
  const membersPanel = h('section', { id: 'members-panel', class: 'members-panel', 'aria-labelledby': 'members-heading',
    hidden: true },
  h('h2', { id: 'members-heading' }, 'Members'), memberList, groupResult, addForm, renameForm,
  h('div', { class: 'buttons' }, leaveButton));
  const removed = h('p', { id: 'group-removed', class: 'removed-banner', role: 'status', hidden: true });
  const alert = h('div', { id: 'integrity-alert', class: 'integrity-alert', role: 'alert', hidden: true });
  const keyWarning = h('div', { id: 'key-change-warning', class: 'key-warning', role: 'alert', hidden: true });
  const passwordForm = passwordPrompt(app);
  const messages = h('ul', { id: 'messages', class: 'messages' });
  const scroller = h('div', { class: 'scroller', role: 'region', 'aria-label': 'Messages', tabindex: '0' }, messages);
  const typingIndicator = h('p', { id: 'typing-indicator', class: 'typing', 'aria-live': 'polite' });
  const sendResult = h('p', { id: 'send-result', hidden: true });
  const { form, input, sendButton } = composer({ messages, scroller, sendResult, senderName: 'You',
    room: () => group, line, sendsTyping: () => sendsTyping });
  const room = h('section', { class: 'card chat group-room' },
    h('header', { class: 'chat-header' },
      h('div', { class: 'group-title' }, title, summary),
      h('div', { class: 'buttons' }, membersButton,
        h('button', { id: 'leave-room', type: 'button', class: 'secondary small', onclick: () => app.go('friends') },
          'Leave room'))),
    membersPanel, leaveDialog, removed, keyWarning, passwordForm.element, alert, scroller, typingIndicator, sendResult, form);
  const others = conversationList(app, { groupId });
  const element = h('div', { class: 'chat-layout' }, others.element, room);
  // The socket this page listens to, kept here: a logout clears app.socket before the page is disposed of.
  const socket = app.socket;
  const problems = new Map();
  const presence = new Map();
  /** Who is typing, by user id: their name and the timer that ends it. */
  const typers = new Map();
  let friends = [];
  let group = null;
  let sendsTyping = true;

  async function load() {
    app.session.api.get('/api/chat/settings')
      .then((settings) => { sendsTyping = settings.typingIndicators !== false; })
      .catch(() => {});
    try {
      group = await Group.open(app.session, socket, groupId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        showGone();
        return;
      }
      throw error;
    }
    app.conversationRead(groupId);
    group.addEventListener('message', (event) => showLive(event.detail));
    group.addEventListener('changes', (event) => {
      messages.append(...event.detail.map(changeLine));
      regroup(messages);
      scroller.scrollTop = scroller.scrollHeight;
    });
    group.addEventListener('group', () => {
      renderGroup();
      others.reload();
      showKeyWarning();
    });
    group.addEventListener('receipts', () => renderReceipts());
    group.addEventListener('typing', (event) => memberTyping(event.detail));
    group.addEventListener('removed', (event) => showRemoved(event.detail));
    group.addEventListener('problem', (event) => showResult(sendResult, 'error', event.detail.message));
    renderGroup();
    await Promise.all([loadPeople(), showKeyWarning()]);
    if (app.session.unsavedPins) {
      passwordForm.open(null);
    }
    await showHistory();
  }

  async function loadPeople() {
    const [list, states] = await Promise.all([app.api.get('/api/friends').catch(() => []),
      app.api.get('/api/presence/friends').catch(() => [])]);
    friends = list;
    states.forEach((state) => presence.set(state.userId, state));
    renderMembers();
  }

  async function showHistory() {
    replaceChildren(messages);
    problems.clear();
    renderAlert();
    const timeline = await group.load();
    messages.append(...timeline.map((entry) => (entry.type === 'change' ? changeLine(entry) : line(entry, 'history'))));
    regroup(messages);
    timeline.forEach((entry) => entry.type === 'message' && noteProblem(entry));
    scroller.scrollTop = scroller.scrollHeight;
  }

  function renderGroup() {
    title.textContent = group.name;
    view.title = group.name;
    app.setTitle(`${group.name} (group)`);
    summary.textContent = memberCount(group.members.length);
    renameInput.value = document.activeElement === renameInput ? renameInput.value : group.name;
    renderMembers();
  }

  function renderMembers() {
    if (!group) {
      return;
    }
    const friendIds = new Set(friends.map((friend) => friend.userId));
    replaceChildren(memberList, group.members.map((member) => {
      const me = member.userId === app.session.userId;
      const friend = friendIds.has(member.userId);
      // The user is here; presence-service tells only friends' presence, so nobody else's is shown.
      const online = me || presence.get(member.userId)?.online === true;
      const state = friend || me ? (online ? 'online' : 'offline') : 'unknown';
      return h('li', { class: `member ${state}`, dataset: { username: member.username ?? '', userId: member.userId } },
        h('span', { class: 'member-name' },
          h('span', { class: friend || me ? 'dot' : 'dot none', 'aria-hidden': 'true' }),
          h('span', { class: 'name' }, member.username ?? 'someone'),
          me ? h('span', { class: 'badge' }, 'you') : null,
          member.userId === group.info.creatorId ? h('span', { class: 'badge creator' }, 'creator') : null),
        h('span', { class: 'member-actions' },
          friend ? h('span', { class: 'presence' }, online ? 'Online' : 'Offline') : null,
          group.isCreator && !me && !group.removal
            ? h('button', { type: 'button', class: 'remove-member secondary small', 'aria-label': `Remove ${member.username}`,
              onclick: () => removeMember(member) }, 'Remove')
            : null));
    }));
    const memberIds = new Set(group.members.map((member) => member.userId));
    const candidates = friends.filter((friend) => !memberIds.has(friend.userId));
    replaceChildren(addSelect, candidates.length === 0
      ? h('option', { value: '' }, 'All your friends are members')
      : candidates.map((friend) => h('option', { value: friend.userId }, friend.username)));
    addSelect.disabled = candidates.length === 0;
    addForm.querySelector('button').disabled = candidates.length === 0;
  }

  function toggleMembers() {
    const open = membersPanel.hidden;
    membersPanel.hidden = !open;
    membersButton.setAttribute('aria-expanded', String(open));
  }

  function line(entry, kind) {
    const mark = entry.result === 'INTACT' || entry.result === 'OTHER_DEVICE' ? null : marking(entry.result);
    const otherDevice = entry.result === 'OTHER_DEVICE';
    const classes = ['message', kind, entry.mine ? 'mine' : 'theirs', mark?.className, otherDevice ? 'other-device' : null]
      .filter(Boolean).join(' ');
    let text = entry.text;
    if (otherDevice) {
      text = 'Sent from another device. Group messages are encrypted for the other members only, so this device cannot show it.';
    } else if (text === null) {
      text = `This message failed its integrity check (${entry.result}).`;
    }
    const meta = h('div', { class: 'message-meta' },
      h('span', { class: 'sender' }, entry.mine ? 'You' : entry.senderName),
      h('time', { datetime: entry.sentAt ?? entry.storedAt, title: entry.storedAt ? `stored ${entry.storedAt}` : '' },
        formatTime(entry.sentAt ?? entry.storedAt)));
    if (entry.mine) {
      meta.append(h('span', { class: 'receipts' }));
    }
    if (mark) {
      meta.append(h('span', { class: 'problem' }, mark.label));
    }
    const item = h('li', { class: classes, dataset: { messageId: entry.id ?? '', sender: entry.mine ? 'me' : entry.senderId,
      epoch: String(entry.epoch ?? '') } }, meta, h('div', { class: 'message-text' }, text));
    if (entry.mine) {
      renderReceipt(item);
    }
    return item;
  }

  function changeLine(entry) {
    return h('li', { class: 'change', dataset: { kind: entry.kind, changeId: entry.id } },
      h('time', { datetime: entry.storedAt }, formatTime(entry.storedAt)), ' ',
      h('span', { class: 'change-text' }, entry.text));
  }

  /** "Delivered to 2 of 3", "Read by 1 of 3" on one of the user's own lines, from the receipts as they are now. */
  function renderReceipt(item) {
    const place = item.querySelector('.receipts');
    if (!place || !group || !item.dataset.messageId) {
      return;
    }
    const counts = group.receiptCounts({ id: item.dataset.messageId, epoch: Number(item.dataset.epoch) });
    replaceChildren(place,
      counts.delivered === 0 ? h('span', { class: 'sent' }, 'Sent')
        : h('span', { class: 'delivered' }, `Delivered to ${counts.delivered} of ${counts.of}`),
      counts.read > 0 ? h('span', { class: 'read' }, `Read by ${counts.read} of ${counts.of}`) : null);
  }

  function renderReceipts() {
    messages.querySelectorAll('li.message.mine').forEach(renderReceipt);
  }

  function showLive(entry) {
    const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    messages.append(line(entry, 'live'));
    regroup(messages);
    noteProblem(entry);
    if (!entry.mine) {
      typingStopped(entry.senderId);
      app.announce(`${entry.senderName}: ${entry.text ?? 'a message that failed its integrity check'}`);
    }
    if (nearBottom || entry.mine) {
      scroller.scrollTop = scroller.scrollHeight;
    }
  }

  function noteProblem(entry) {
    if (entry.result !== 'INTACT' && entry.result !== 'OTHER_DEVICE') {
      problems.set(entry.id, entry.result);
      renderAlert();
    }
  }

  function renderAlert() {
    const kinds = [...new Set(problems.values())];
    alert.hidden = kinds.length === 0;
    replaceChildren(alert,
      h('strong', {}, 'Integrity alert'),
      h('ul', {}, kinds.map((kind) => h('li', {}, `${kind}: ${PROBLEMS[kind]}`))),
      h('p', {}, `The marked messages show where. Parley's server, a member, or someone between you and the server may
        have tampered with this group.`));
  }

  /** "carol is typing…", "bob and carol are typing…", until a few seconds after each one's last typing frame. */
  function memberTyping({ from, name }) {
    clearTimeout(typers.get(from)?.timer);
    typers.set(from, { name, timer: setTimeout(() => typingStopped(from), TYPING_SHOWN_MS) });
    renderTyping();
  }

  function typingStopped(userId) {
    clearTimeout(typers.get(userId)?.timer);
    typers.delete(userId);
    renderTyping();
  }

  function renderTyping() {
    const names = [...typers.values()].map((typer) => typer.name);
    typingIndicator.textContent = names.length === 0 ? ''
      : `${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`} ${
        names.length === 1 ? 'is' : 'are'} typing…`;
  }

  /** Until every changed key is accepted, nothing can be sent: each member's warning has both safety numbers. */
  async function showKeyWarning() {
    const changes = group.changedKeys;
    keyWarning.hidden = changes.length === 0;
    setComposer();
    const blocks = [];
    for (const change of changes) {
      const [before, after] = await group.safetyNumbers(change);
      const name = change.username;
      blocks.push(h('div', { class: 'key-change', dataset: { userId: change.userId } },
        h('strong', {}, `${name}'s security key has changed.`),
        h('p', {}, `The server now gives a different key for ${name} than the one you first saw. Compare your safety
          number with ${name} in person or on a call before you accept the new key. Until then nothing can be sent to
          this group.`),
        h('p', {}, 'Safety number with the key you trusted: ', h('span', { class: 'safety-number pinned' }, before)),
        h('p', {}, 'Safety number with the new key: ', h('span', { class: 'safety-number presented' }, after)),
        h('button', { type: 'button', class: 'accept-key-change danger small', onclick: () => acceptKeyChange(change.userId) },
          `Accept ${name}'s new key`)));
    }
    replaceChildren(keyWarning, blocks);
  }

  async function acceptKeyChange(userId) {
    try {
      await group.acceptKeyChange(userId);
      await showKeyWarning();
      await showHistory();
    } catch (error) {
      if (error.code === 'password_required') {
        passwordForm.open(() => acceptKeyChange(userId));
      } else {
        showResult(sendResult, 'error', error.message);
      }
    }
  }


  function setComposer() {
    const closed = !group || group.removal !== null || group.keyChanged;
    input.disabled = closed;
    sendButton.disabled = closed;
  }

  // ---------------------------------------------------------------- membership

  /** Runs a membership change; its line and the new member list come with the group-changed frame that follows. */
  async function change(action, success) {
    showResult(groupResult, 'info', '');
    try {
      await action();
      showResult(groupResult, 'success', success);
      renderGroup();
    } catch (error) {
      showResult(groupResult, 'error', REFUSALS[error.code] ?? error.message);
    }
  }

  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const friend = friends.find((each) => each.userId === addSelect.value);
    if (friend) {
      change(() => group.addMember(friend.userId), `${friend.username} was added to the group.`);
    }
  });

  renameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = renameInput.value.trim();
    if (!name) {
      showResult(groupResult, 'error', 'Give the group a name.');
      renameInput.focus();
      return;
    }
    change(() => group.rename(name), `The group is now called “${name}”.`);
  });

  function removeMember(member) {
    change(() => group.removeMember(member.userId), `${member.username} was removed from the group.`);
  }

  function askLeave() {
    replaceChildren(leaveDialog,
      h('p', { id: 'leave-group-question' }, `Leave “${group.name}”? You will no longer receive its messages, and a
        member has to add you again for you to come back.`),
      h('div', { class: 'buttons' },
        h('button', { id: 'leave-group-confirm', type: 'button', class: 'danger', onclick: leave }, 'Leave group'),
        // The safe answer has the focus, so that Enter pressed at once keeps the user in the group.
        h('button', { id: 'leave-group-cancel', type: 'button', class: 'secondary', autofocus: true,
          onclick: () => leaveDialog.close() }, 'Stay')));
    leaveDialog.showModal();
  }

  async function leave() {
    leaveDialog.close();
    try {
      await group.leave();
      app.go('friends');
    } catch (error) {
      showResult(groupResult, 'error', REFUSALS[error.code] ?? error.message);
    }
  }

  /** The user was taken out: the line stays in the timeline, the room says so and takes nothing more. */
  function showRemoved(change) {
    removed.textContent = change.kind === 'left' ? 'You left this group.' : 'You were removed from this group.';
    removed.hidden = false;
    summary.hidden = true;
    membersPanel.hidden = true;
    membersButton.hidden = true;
    typers.forEach((typer, userId) => typingStopped(userId));
    setComposer();
    others.reload();
  }

  function showGone() {
    removed.textContent = GONE;
    removed.hidden = false;
    membersButton.hidden = true;
    input.disabled = true;
    sendButton.disabled = true;
  }

  const onPresence = (event) => {
    presence.set(event.detail.userId, event.detail);
    renderMembers();
  };
  socket.addEventListener('presence', onPresence);
  const onVisible = () => document.visibilityState === 'visible' && group?.markRead();
  document.addEventListener('visibilitychange', onVisible);

  view.element = element;
  view.loaded = load();
  view.dispose = () => {
    document.removeEventListener('visibilitychange', onVisible);
    socket.removeEventListener('presence', onPresence);
    typers.forEach((typer) => clearTimeout(typer.timer));
    others.dispose();
    group?.close();
  };
  return view;
}
