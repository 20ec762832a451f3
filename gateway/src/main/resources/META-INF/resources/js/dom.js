// Building the page without innerHTML: every text goes in as text, so nothing a user or the server sends can
// become markup or script.

/**
 * An element: h('button', {id: 'send', class: 'primary', onclick: fn, dataset: {id: 'x'}}, 'Send').
 * Attributes starting with "on" become listeners; false/null/undefined attributes and children are left out.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'value' || name === 'checked' || name === 'disabled') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Wraps a function that reads from the server so that an answer overtaken by a later call's is dropped (it resolves
 * to undefined): live updates start reads one after another, and a slow older answer must not overwrite a newer one.
 */
export function newestOnly(read) {
  let calls = 0;
  return async (...args) => {
    const call = ++calls;
    const answer = await read(...args);
    return call === calls ? answer : undefined;
  };
}

/** Replaces an element's content. */
export function replaceChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A result line under a form: role=status for success, role=alert for errors. */
export function showResult(element, kind, text) {
  element.className = `result ${kind}`;
  element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  element.textContent = text;
  element.hidden = !text;
}

/** Moves the focus to the first of these inputs that is empty or marked invalid, if any. */
export function focusFirstProblem(inputs) {
  inputs.find((input) => !input.value || input.getAttribute('aria-invalid') === 'true')?.focus();
}

/** A list of error messages, one per line. */
export function showErrors(list, messages) {
  replaceChildren(list, ...messages.map((message) => h('li', {}, message)));
  list.hidden = messages.length === 0;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A time for a message: the clock time today, date and time otherwise. */
export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** A day (YYYY-MM-DD, local) as the chat's date separators show it: "Today", "Yesterday" or the date. */
export function formatDay(day) {
  const [year, month, date] = day.split('-').map(Number);
  const shown = new Date(year, month - 1, date);
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (shown.toDateString() === today.toDateString()) return 'Today';
  if (shown.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return dayFormat.format(shown);
}

/** "last seen 5 minutes ago" style text. */
export function formatLastSeen(iso) {
  if (!iso) {
    return 'not seen yet';
  }
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'last seen just now';
  if (seconds < 3600) return `last seen ${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `last seen ${Math.floor(seconds / 3600)} h ago`;
  return `last seen ${dateTimeFormat.format(new Date(iso))}`;
}

/**
 * A labelled input, with a list of its own messages under it (`<id>-messages`, empty and hidden until one of the
 * form's checks fails), which the input names as its description so that screen readers read them with it.
 */
export function field(id, label, attributes = {}) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name: id, 'aria-describedby': `${id}-messages`, ...attributes }),
    h('ul', { id: `${id}-messages`, class: 'field-errors', hidden: true }));
}

/** Shows an input's messages next to it and marks it invalid (aria-invalid) while there are any. */
export function showFieldMessages(input, messages) {
  const list = document.getElementById(`${input.id}-messages`);
  replaceChildren(list, ...messages.map((message) => h('li', {}, message)));
  list.hidden = messages.length === 0;
  if (messages.length > 0) {
    input.setAttribute('aria-invalid', 'true');
  } else {
    input.removeAttribute('aria-invalid');
  }
}

/**
 * Runs a form's work with its submit button disabled and the page marked busy; errors go to onError. Clicking
 * twice sends once.
 */
export async function submitting(form, work, onError) {
  const button = form.querySelector('button[type=submit]');
  if (button?.disabled) {
    return;
  }
  if (button) button.disabled = true;
  document.body.dataset.busy = 'true';
  try {
    await work();
  } catch (error) {
    onError(error);
  } finally {
    if (button) button.disabled = false;
    document.body.dataset.busy = 'false';
  }
}
