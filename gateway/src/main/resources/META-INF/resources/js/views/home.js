// The home page: the three actions.

import { h } from '../dom.js';

export function homePage(app) {
  const action = (id, page, title, text) => h('a', { id, href: `#/${page}`, class: 'action' },
    h('span', { class: 'action-title' }, title), h('span', { class: 'action-text' }, text));
  const element = h('section', { class: 'home' },
    h('h1', {}, `Welcome, ${app.session.username}`),
    h('div', { class: 'actions' },
      action('home-add-friend', 'add-friend', 'Add friend', 'Find a friend by username and send a request.'),
      action('home-friends', 'friends', 'Friend list', 'See who is online and start chatting.'),
      action('home-requests', 'requests', 'Friend requests', 'Approve or reject requests, follow the ones you sent.')));
  return { element, title: 'Home' };
}
