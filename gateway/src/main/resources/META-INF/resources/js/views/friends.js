// Add friend, friend requests (sent and received), and the friend list with live presence.

import { field, formatLastSeen, h, newestOnly, replaceChildren, showResult, submitting } from '../dom.js';
import { canonicalUsername, usernameMessages } from '../protocol.js';
import { FRIEND_FRAMES, FRIENDSHIP_FRAMES, GROUP_FRAMES, onFriendChanges } from '../socket.js';
import { groupItem, newGroupDialog } from './groups.js';

/** The add-friend page's refusals it can tell by itself (friend-service's texts, friend-service/README.md). */
const UNKNOWN_USERNAME = 'Unknown username!';
const CANNOT_ADD_YOURSELF = "You can't add yourself as a friend!";
const REQUEST_ALREADY_SENT = 'Friend request already sent!';
const ALREADY_FRIENDS = 'You are already friends!';

export function addFriendPage(app) {
  const result = h('p', { id: 'add-friend-result', hidden: true });
  const form = h('form', { id: 'add-friend-form', class: 'card narrow', novalidate: true },
    h('h1', {}, 'Add friend'),
    field('add-friend-username', "Your friend's username",
      { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' }),
    result,
    h('button', { id: 'add-friend-submit', type: 'submit', class: 'primary' }, 'Send friend request'));
  const input = form.querySelector('#add-friend-username');
  /** Canonical names of friends and of pending sent requests, read with the page and after every request. */
  let friends = new Set();
  let pending = new Set();
  const readLists = newestOnly(() => Promise.all([
    app.api.get('/api/friends'), app.api.get('/api/friends/requests/sent')]));

  async function load() {
    const lists = await readLists();
    if (!lists) {
      return;
    }
    const [list, sent] = lists;
    friends = new Set(list.map((friend) => canonicalUsername(friend.username)));
    pending = new Set(sent.filter((request) => request.status === 'pending')
      .map((request) => canonicalUsername(request.username)));
  }

  /**
   * The refusals known without asking: each would come back as an HTTP error, which the browser logs in red in the
   * console although nothing went wrong. A name the lists do not know still goes to the server, which has the last
   * word (an unknown but well-formed name gets its refusal from there).
   */
  function refusal(username) {
    if (usernameMessages(username).length > 0) return UNKNOWN_USERNAME;
    const canonical = canonicalUsername(username);
    if (canonical === canonicalUsername(app.session.username)) return CANNOT_ADD_YOURSELF;
    if (friends.has(canonical)) return ALREADY_FRIENDS;
    if (pending.has(canonical)) return REQUEST_ALREADY_SENT;
    return null;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = input.value.trim();
    if (!username) {
      showResult(result, 'error', 'Please fill in all fields');
      input.focus();
      return;
    }
    const known = refusal(username);
    if (known) {
      showResult(result, 'error', known);
      input.focus();
      return;
    }
    submitting(form, async () => {
      try {
        const answer = await app.api.post('/api/friends/requests', { username });
        showResult(result, 'success', answer.message);
        input.value = '';
      } finally {
        await load().catch(() => {});
      }
    }, (error) => {
      showResult(result, 'error', error.message);
      input.focus();
    });
  });
  // Without the lists every request goes to the server, which answers the same: no reason to show an error.
  const reload = () => load().catch(() => {});
  // A request answered or withdrawn elsewhere (another device, the friend) changes what is known without asking.
  const stop = onFriendChanges(app.socket, FRIEND_FRAMES, reload);
  return { element: form, title: 'Add friend', loaded: reload(), dispose: stop };
}

export function friendRequestsPage(app) {
  const result = h('p', { id: 'requests-result', hidden: true });
  const sentList = h('ul', { id: 'sent-list', class: 'list' });
  const receivedList = h('ul', { id: 'received-list', class: 'list' });
  const sentPanel = h('div', { id: 'sent-panel', role: 'tabpanel', 'aria-labelledby': 'tab-sent' }, sentList);
  const receivedPanel = h('div', { id: 'received-panel', role: 'tabpanel', 'aria-labelledby': 'tab-received' },
    receivedList,
    h('div', { class: 'buttons' },
      h('button', { id: 'approve', type: 'button', class: 'primary', onclick: () => decide('approve') }, 'Approve'),
      h('button', { id: 'reject', type: 'button', class: 'danger', onclick: () => decide('reject') }, 'Reject')));
  const tab = (id, text, panel) => h('button', {
    id, type: 'button', role: 'tab', class: 'tab', 'aria-controls': panel.id, onclick: () => show(panel),
  }, text);
  const tabs = [tab('tab-received', 'Received requests', receivedPanel), tab('tab-sent', 'Sent requests', sentPanel)];
  const panels = [receivedPanel, sentPanel];
  const element = h('section', { class: 'card' },
    h('h1', {}, 'Friend requests'),
    h('div', { class: 'tabs', role: 'tablist', onkeydown: moveBetweenTabs }, tabs),
    result, receivedPanel, sentPanel);

  /** Only the selected tab is a Tab stop; the arrow keys, Home and End go to the others (the ARIA tabs pattern). */
  function show(panel) {
    for (const [index, candidate] of panels.entries()) {
      candidate.hidden = candidate !== panel;
      tabs[index].setAttribute('aria-selected', String(candidate === panel));
      tabs[index].tabIndex = candidate === panel ? 0 : -1;
      tabs[index].classList.toggle('active', candidate === panel);
    }
  }

  function moveBetweenTabs(event) {
    const current = tabs.indexOf(document.activeElement);
    const moves = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 };
    if (current < 0 || !(event.key in moves)) {
      return;
    }
    event.preventDefault();
    const next = (moves[event.key] + tabs.length) % tabs.length;
    show(panels[next]);
    tabs[next].focus();
  }

  const readLists = newestOnly(() => Promise.all([
    app.api.get('/api/friends/requests/sent'), app.api.get('/api/friends/requests/received')]));

  async function load() {
    const lists = await readLists();
    if (!lists) {
      return;
    }
    const [sent, received] = lists;
    // The lists change under the user's hands when a request arrives or is withdrawn: ticks and focus stay put.
    const ticked = new Set([...receivedList.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value));
    const focused = receivedList.contains(document.activeElement) ? document.activeElement.value : null;
    replaceChildren(sentList, sent.length === 0 ? h('li', { class: 'empty' }, 'You have not sent any friend requests.')
      : sent.map((request) => h('li', { class: `request ${request.status}`, dataset: { username: request.username } },
        h('span', { class: 'name' }, request.username),
        h('span', { class: `status badge ${request.status}` }, request.status),
        request.status === 'pending'
          ? h('button', { type: 'button', class: 'cancel secondary small', onclick: () => cancel(request) }, 'Cancel')
          : null)));
    replaceChildren(receivedList, received.length === 0 ? h('li', { class: 'empty' }, 'No pending friend requests.')
      : received.map((request) => h('li', { class: 'request', dataset: { username: request.username } },
        h('label', {},
          h('input', { type: 'checkbox', value: request.username, checked: ticked.has(request.username) }),
          h('span', { class: 'name' }, request.username)))));
    if (focused !== null) {
      [...receivedList.querySelectorAll('input[type=checkbox]')].find((box) => box.value === focused)?.focus();
    }
  }

  async function decide(action) {
    const usernames = [...receivedList.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
    if (usernames.length === 0) {
      showResult(result, 'error', `Select at least one friend to ${action}.`);
      return;
    }
    try {
      const answer = await app.api.post(`/api/friends/requests/received/${action}`, { usernames });
      showResult(result, 'success', answer.message);
      await load();
    } catch (error) {
      showResult(result, 'error', error.message);
    }
  }

  async function cancel(request) {
    try {
      await app.api.delete(`/api/friends/requests/sent/${request.requestId}`);
      showResult(result, 'success', `Friend request to ${request.username} cancelled.`);
      await load();
    } catch (error) {
      showResult(result, 'error', error.message);
    }
  }

  show(receivedPanel);
  // Both people's open pages follow every request between them, whoever changed it and on whichever device.
  const stop = onFriendChanges(app.socket, FRIEND_FRAMES, () => load().catch(() => {}));
  return { element, title: 'Friend requests', loaded: load(), dispose: stop };
}

export function friendListPage(app) {
  const result = h('p', { id: 'friends-result', hidden: true });
  const list = h('ul', { id: 'friend-list', class: 'list' });
  const confirm = h('dialog', { id: 'remove-friend-dialog' });
  const groupList = h('ul', { id: 'group-list', class: 'list group-items' });
  const newGroup = newGroupDialog(app, (group) => app.go('group', group.id));
  const element = h('div', { class: 'friend-page' },
    h('section', { class: 'card' },
      h('h1', {}, 'Friend list'),
      list,
      result,
      h('div', { class: 'buttons' },
        h('button', { id: 'chat-button', type: 'button', class: 'primary', onclick: chat }, 'Chat'),
        h('button', { id: 'remove-friend-button', type: 'button', class: 'danger', onclick: askRemove }, 'Remove friend')),
      confirm),
    h('section', { class: 'card', 'aria-labelledby': 'groups-heading' },
      h('div', { class: 'section-header' },
        h('h2', { id: 'groups-heading' }, 'Groups'),
        h('button', { id: 'new-group-button', type: 'button', class: 'primary small',
          onclick: () => newGroup.open().catch((error) => showResult(result, 'error', error.message)) }, 'New group')),
      groupList,
      newGroup.element));
  const presence = new Map();
  let friends = [];

  const selected = () => friends.find((friend) => friend.userId === list.querySelector('input[name=friend]:checked')?.value);

  function render() {
    const ticked = selected()?.userId;
    // Drawn again on every change pushed and as "last seen" ages: the tick and the keyboard focus stay where they are.
    const focused = list.contains(document.activeElement) ? document.activeElement.value : null;
    replaceChildren(list, friends.length === 0
      ? h('li', { class: 'empty' }, 'No friends yet. ', h('a', { href: '#/add-friend' }, 'Add a friend'), '.')
      : friends.map((friend) => {
        const state = presence.get(friend.userId);
        const online = state?.online === true;
        return h('li', { class: `friend ${online ? 'online' : 'offline'}`, dataset: { username: friend.username, userId: friend.userId } },
          h('label', {},
            h('input', { type: 'radio', name: 'friend', value: friend.userId, checked: friend.userId === ticked }),
            h('span', { class: 'dot', 'aria-hidden': 'true' }),
            h('span', { class: 'name' }, friend.username),
            friend.unread > 0 ? h('span', { class: 'unread badge', title: 'unread messages' }, String(friend.unread)) : null),
          h('span', { class: 'state' },
            h('span', { class: 'presence' }, online ? 'Online' : 'Offline'),
            online ? null : h('span', { class: 'last-seen' }, formatLastSeen(state?.lastSeen))));
      }));
    if (focused) {
      [...list.querySelectorAll('input[name=friend]')].find((input) => input.value === focused)?.focus();
    }
  }

  const readLists = newestOnly(() => Promise.all([app.api.get('/api/friends'),
    app.api.get('/api/presence/friends'), app.api.get('/api/chat/conversations').catch(() => []),
    app.api.get('/api/chat/groups').catch(() => [])]));
  // presence-service learns a friendship from Kafka, as chat-service does, and may leave a new friend out of its
  // answer for a moment after the frame that announced them: it is asked again, a few times, while one is missing.
  let presenceRetries = 0;
  let presenceRetry = null;

  async function load() {
    const lists = await readLists();
    if (!lists) {
      return;
    }
    const [list, states, conversations, groups] = lists;
    replaceChildren(groupList, groups.length === 0
      ? h('li', { class: 'empty' }, 'No groups yet. Start one with some of your friends: New group.')
      : groups.map((group) => groupItem(group)));
    const unread = new Map(conversations.map((conversation) => [conversation.friend.userId, conversation.unread]));
    friends = list.map((friend) => ({ ...friend, unread: unread.get(friend.userId) ?? 0 }));
    states.forEach((state) => presence.set(state.userId, state));
    render();
    if (friends.some((friend) => !presence.has(friend.userId)) && presenceRetries < 5) {
      presenceRetries += 1;
      clearTimeout(presenceRetry);
      presenceRetry = setTimeout(refresh, 1_000);
    }
  }

  function chat() {
    const friend = selected();
    if (!friend) {
      showResult(result, 'error', 'Select a friend to chat with.');
      return;
    }
    app.go('chat', friend.userId);
  }

  function askRemove() {
    const friend = selected();
    if (!friend) {
      showResult(result, 'error', 'Select a friend to remove.');
      return;
    }
    replaceChildren(confirm,
      h('p', {}, `Remove ${friend.username} from your friends? Neither of you will be able to message the other.`),
      h('div', { class: 'buttons' },
        h('button', { id: 'remove-friend-confirm', type: 'button', class: 'danger', onclick: () => remove(friend) }, 'Remove'),
        h('button', { type: 'button', class: 'secondary', onclick: () => confirm.close() }, 'Keep')));
    confirm.showModal();
  }

  async function remove(friend) {
    confirm.close();
    try {
      await app.api.delete(`/api/friends/${friend.userId}`);
      showResult(result, 'success', `${friend.username} is no longer your friend.`);
      await load();
    } catch (error) {
      showResult(result, 'error', error.message);
    }
  }

  // The socket this page listens to, kept here: a logout clears app.socket before the page is disposed of.
  const socket = app.socket;
  const onPresence = (event) => {
    presence.set(event.detail.userId, event.detail);
    render();
  };
  socket.addEventListener('presence', onPresence);
  // Pushed changes keep the list live: presence, a request approved or a friend removed (by either of the two, on
  // any device), unread counts with each message; after a reconnect it is read again for what the socket missed.
  const refresh = () => load().catch(() => render());
  socket.addEventListener('message', refresh);
  // Groups follow their messages and changes (a new group, a new name, a member more or less) the same way.
  const stopGroupChanges = onFriendChanges(socket, GROUP_FRAMES, refresh);
  const stopFriendChanges = onFriendChanges(socket, FRIENDSHIP_FRAMES, () => {
    presenceRetries = 0;
    refresh();
  });
  // "last seen 3 min ago" ages without any news: shown again every half minute from what the page holds.
  const ageing = setInterval(render, 30_000);
  return {
    element,
    title: 'Friend list',
    loaded: load(),
    dispose: () => {
      clearInterval(ageing);
      clearTimeout(presenceRetry);
      socket.removeEventListener('presence', onPresence);
      socket.removeEventListener('message', refresh);
      stopGroupChanges();
      stopFriendChanges();
    },
  };
}
