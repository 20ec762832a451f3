// The conversation list beside the open chat or group on wide screens: friends with a conversation and groups first,
// most recent first, then the other friends by name; each friend with a presence dot, each group with its member
// count, each with its unread count. Narrow screens hide it (one pane at a time), and the friend list stays the way
// to every friend and group.

import { h, replaceChildren } from '../dom.js';
import { FRIENDSHIP_FRAMES, GROUP_FRAMES, onFriendChanges } from '../socket.js';
import { groupActivity, groupItem } from './groups.js';

/** current: the room open beside the list, {friendId} or {groupId}. */
export function conversationList(app, current) {
  const list = h('ul', { class: 'conversation-items' });
  const element = h('nav', { id: 'conversation-list', class: 'card conversations', 'aria-label': 'Conversations' },
    h('h2', {}, 'Conversations'), list);
  // The socket this list listens to, kept here: a logout clears app.socket before the page is disposed of.
  const socket = app.socket;
  const presence = new Map();
  let entries = [];

  function render() {
    replaceChildren(list, entries.map((entry) => {
      if (entry.group) {
        return groupItem(entry.group, entry.group.id === current.groupId);
      }
      const online = presence.get(entry.userId)?.online === true;
      const isCurrent = entry.userId === current.friendId;
      return h('li', { class: `conversation-item ${online ? 'online' : 'offline'}`, dataset: { username: entry.username } },
        h('a', { href: `#/chat/${encodeURIComponent(entry.userId)}`, 'aria-current': isCurrent ? 'page' : false },
          h('span', { class: 'dot', title: online ? 'Online' : 'Offline' }),
          h('span', { class: 'visually-hidden' }, online ? 'Online: ' : 'Offline: '),
          h('span', { class: 'name' }, entry.username),
          entry.unread > 0 && !isCurrent ? h('span', { class: 'unread badge', title: 'unread messages' }, String(entry.unread)) : null));
    }));
  }

  async function load() {
    const [friends, states, conversations, groups] = await Promise.all([app.api.get('/api/friends'),
      app.api.get('/api/presence/friends').catch(() => []), app.api.get('/api/chat/conversations').catch(() => []),
      app.api.get('/api/chat/groups').catch(() => [])]);
    const byFriend = new Map(conversations.map((conversation) => [conversation.friend.userId, conversation]));
    states.forEach((state) => presence.set(state.userId, state));
    // Milliseconds of the last activity; -1 for friends without a conversation, who come last, by name.
    const activity = (entry) => {
      const at = entry.group ? groupActivity(entry.group) : byFriend.get(entry.userId)?.lastActivity;
      return at ? new Date(at).getTime() : -1;
    };
    const nameOf = (entry) => entry.group?.name ?? entry.username;
    entries = [...friends.map((friend) => ({ ...friend, unread: byFriend.get(friend.userId)?.unread ?? 0 })),
      ...groups.map((group) => ({ group }))]
      .sort((a, b) => activity(b) - activity(a) || nameOf(a).localeCompare(nameOf(b)));
    render();
  }

  const onPresence = (event) => {
    presence.set(event.detail.userId, event.detail);
    render();
  };
  const reload = () => load().catch(() => {});
  socket.addEventListener('presence', onPresence);
  // A message moves its conversation to the top and counts as unread unless it is the open one.
  socket.addEventListener('message', reload);
  // A friend approved or removed (by either of the two) joins or leaves the list.
  const stopFriendChanges = onFriendChanges(socket, FRIENDSHIP_FRAMES, reload);
  // A group's message or change moves it and changes its line (name, members, unread).
  const stopGroupChanges = onFriendChanges(socket, GROUP_FRAMES, reload);
  return {
    element,
    loaded: load().catch(() => {}),
    /** Reads the list again: opening a chat may have just started its conversation. */
    reload,
    dispose: () => {
      socket.removeEventListener('presence', onPresence);
      socket.removeEventListener('message', reload);
      stopFriendChanges();
      stopGroupChanges();
    },
  };
}
