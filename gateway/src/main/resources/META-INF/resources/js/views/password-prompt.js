// The password asked for again in a room (1:1 or group) when the page no longer holds it.
import { h, replaceChildren, showResult } from '../dom.js';

/**
 * After a reload the page no longer holds the authKey that a vault upload carries: open(then) asks for the password,
 * and once the vault is unlocked the upload (a first pin) or the action that needed it (accepting a key) goes on.
 * element is the form, hidden until asked.
 */
export function passwordPrompt(app) {
  const element = h('form', { id: 'password-prompt', class: 'key-warning', hidden: true });

  function open(then) {
    const password = h('input', { id: 'vault-password', type: 'password', autocomplete: 'current-password',
      'aria-label': 'Password' });
    const result = h('p', { id: 'vault-password-result', hidden: true });
    replaceChildren(element,
      h('strong', {}, 'Enter your password to change your keys.'),
      h('p', {}, 'Your keys are saved encrypted with your password; this page does not keep it after a reload.'),
      password,
      h('button', { id: 'vault-password-submit', type: 'submit', class: 'primary small' }, 'Save my keys'),
      result);
    element.onsubmit = async (event) => {
      event.preventDefault();
      try {
        await app.session.unlock(password.value);
        element.hidden = true;
        replaceChildren(element);
        await then?.();
      } catch (error) {
        showResult(result, 'error', error.message);
      }
    };
    element.hidden = false;
    password.focus();
  }

  return { element, open };
}
