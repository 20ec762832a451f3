// The message box of a room, 1:1 or group: sending with a pending line, and typing reported.
import { h, showResult } from '../dom.js';
import { regroup } from './timeline.js';

const MAX_TEXT_LENGTH = 10_000;

/**
 * The box a room's messages are written in. Enter sends (Shift+Enter starts a new line); a text over the limit is
 * refused with a message and kept; a sent text shows at once as "Sending…" under senderName, then as the line the
 * room draws of it, or marked "Not sent" with the reason. room() is the open room (with send, typing and
 * typingEnded) or null; line(entry, kind) draws a message; sent(entry) runs once a sent message is drawn;
 * sendsTyping() says whether the user shares that they are typing. Returns the form, its input and its button, for
 * the room to place, enable and disable.
 */
export function composer({ messages, scroller, sendResult, senderName, room, line, sent = () => {}, sendsTyping }) {
  const input = h('textarea', { id: 'message-input', rows: 2, maxlength: MAX_TEXT_LENGTH, placeholder: 'Write a message',
    'aria-label': 'Message' });
  const sendButton = h('button', { id: 'send-button', type: 'submit', class: 'primary' }, 'Send');
  const form = h('form', { id: 'send-form', class: 'composer' }, input, sendButton);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    const current = room();
    if (!text || !current) {
      return;
    }
    if (text.length > MAX_TEXT_LENGTH) {
      showResult(sendResult, 'error', `A message can be at most ${MAX_TEXT_LENGTH} characters long.`);
      return;
    }
    input.value = '';
    current.typingEnded();
    showResult(sendResult, 'info', '');
    const pending = h('li', { class: 'message live mine pending', dataset: { sender: 'me' } },
      h('div', { class: 'message-meta' }, h('span', { class: 'sender' }, senderName), h('span', { class: 'sent' }, 'Sending…')),
      h('div', { class: 'message-text' }, text));
    messages.append(pending);
    regroup(messages);
    scroller.scrollTop = scroller.scrollHeight;
    try {
      const entry = await current.send(text);
      if (entry) {
        pending.replaceWith(line(entry, 'live'));
        sent(entry);
      } else {
        pending.remove();
      }
      regroup(messages);
    } catch (error) {
      pending.classList.add('failed');
      pending.querySelector('.sent').textContent = 'Not sent';
      showResult(sendResult, 'error', `Your message was not sent: ${error.message}`);
    }
  });
  input.addEventListener('input', () => {
    if (sendsTyping() && room() && input.value.trim() !== '') {
      room().typing();
    }
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  return { form, input, sendButton };
}
