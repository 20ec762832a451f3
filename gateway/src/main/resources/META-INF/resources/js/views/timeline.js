// What the 1:1 chat room and the group room show alike: the integrity problems' texts and marks, and the day lines
// and sender groups of a list of messages.

import { formatDay, h } from '../dom.js';

export const PROBLEMS = {
  MODIFIED: 'a message was changed after it was sent, or cannot be authenticated; its text is not shown.',
  WRONG_SENDER: 'a message claims to come from someone who did not send it.',
  REPLAYED_OR_REORDERED: 'a message was replayed or arrived out of order.',
  DROPPED: 'a message is missing: it was dropped or removed.',
  BROKEN_CHAIN: 'the chain of messages is broken: the history was changed.',
  KEY_MISSING: 'a message holds no key for you: it was kept from you, or changed; its text is not shown.',
  CIPHERTEXT_SWAPPED: 'a member replaced the content of a message with other content; its text is not shown.',
  NOT_A_MEMBER: 'a message comes from someone who was not a member of the group when it was sent.',
};

/** Problems of the message itself; DROPPED and BROKEN_CHAIN messages are authentic, something before them is not. */
const SUSPECT = new Set(['MODIFIED', 'WRONG_SENDER', 'REPLAYED_OR_REORDERED', 'KEY_MISSING', 'CIPHERTEXT_SWAPPED',
  'NOT_A_MEMBER']);

/** The class and the label that mark a message whose check failed. */
export function marking(result) {
  return SUSPECT.has(result)
    ? { className: 'tampered', label: result }
    : { className: 'gap-before', label: `${result}: something before this message is missing or was changed` };
}

/**
 * A line with the day before the first entry of each day, and consecutive messages of one sender on one day grouped:
 * only the first of a group shows the sender's name (the others keep it for screen readers). A group's membership
 * line ends a group of messages.
 */
export function regroup(list) {
  list.querySelectorAll('li.day').forEach((separator) => separator.remove());
  let previous = null;
  for (const item of list.querySelectorAll('li.message, li.change')) {
    const day = dayOf(item);
    if (day !== previous?.day) {
      item.before(h('li', { class: 'day', dataset: { day } }, formatDay(day)));
    }
    const sender = item.classList.contains('message') ? item.dataset.sender : null;
    item.classList.toggle('continued', sender !== null && day === previous?.day && sender === previous.sender);
    previous = { day, sender };
  }
}

/** The local day (YYYY-MM-DD) a line was sent on; a line still being sent is today's. */
function dayOf(item) {
  const time = item.querySelector('time')?.getAttribute('datetime');
  const date = time ? new Date(time) : new Date();
  const pad = (number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
