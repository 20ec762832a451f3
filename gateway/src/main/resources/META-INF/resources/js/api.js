// The HTTP side of the web client. The access token lives only in this object's memory; the refresh token is an
// HttpOnly cookie the page never sees, sent by the browser to /api/auth/session/* only.

export class ApiError extends Error {
  constructor(status, code, message, retryAfterSeconds = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const UNREACHABLE = 'Parley cannot be reached. Check your connection and try again.';

export class Api {
  constructor() {
    this.accessToken = null;
    this.accessTokenExpiresAt = null;
    this.refreshing = null;
    this.refreshTimer = null;
    /** Called with the new session when the access token was renewed (the chat socket takes it in-band). */
    this.onTokenRefreshed = () => {};
    /** Called when the session cannot be renewed any more (logged out elsewhere, expired, revoked). */
    this.onSessionEnded = () => {};
  }

  get(path) {
    return this.request('GET', path);
  }

  post(path, body) {
    return this.request('POST', path, body);
  }

  put(path, body) {
    return this.request('PUT', path, body);
  }

  delete(path, body) {
    return this.request('DELETE', path, body);
  }

  /** A request before sign-in: no token, no retry. */
  publicPost(path, body) {
    return this.request('POST', path, body, { authenticated: false });
  }

  async request(method, path, body, { authenticated = true, retry = true } = {}) {
    // Refusals (400-499) come as 200 with their status in Parley-Status: the browser then logs no red line for a
    // wrong password or a taken name, which the page expects and shows (the gateway's StatusInBody).
    const headers = { Accept: 'application/json', Prefer: 'status-in-body' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (authenticated && this.accessToken) {
      headers.Authorization = `Bearer ${this.accessToken}`;
    }
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin', cache: 'no-store', redirect: 'error',
      });
    } catch {
      throw new ApiError(0, 'unreachable', UNREACHABLE);
    }
    if (statusOf(response) === 401 && authenticated && retry) {
      await this.refresh();
      return this.request(method, path, body, { authenticated, retry: false });
    }
    return read(response);
  }

  /** A new access token through the refresh cookie; one request at a time, however many callers wait. */
  refresh() {
    if (!this.refreshing) {
      this.refreshing = this.request('POST', '/api/auth/session/refresh', {}, { authenticated: false })
        .then((session) => {
          this.accept(session);
          this.onTokenRefreshed(session);
          return session;
        })
        .catch((error) => {
          if (error.status === 401 || error.status === 403) {
            this.forget();
            this.onSessionEnded(error);
          }
          throw error;
        })
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  /** Keeps the access token of a login or refresh answer, and renews it a minute before it expires. */
  accept(session) {
    this.accessToken = session.accessToken;
    this.accessTokenExpiresAt = new Date(session.accessTokenExpiresAt);
    clearTimeout(this.refreshTimer);
    const delay = Math.max(5_000, this.accessTokenExpiresAt.getTime() - Date.now() - 60_000);
    this.refreshTimer = setTimeout(() => this.refresh().catch(() => {}), delay);
  }

  forget() {
    this.accessToken = null;
    this.accessTokenExpiresAt = null;
    clearTimeout(this.refreshTimer);
  }
}

/** The answer's own status: a refusal the gateway sent as 200 carries it in Parley-Status. */
function statusOf(response) {
  const refused = Number.parseInt(response.headers.get('Parley-Status') ?? '', 10);
  return Number.isNaN(refused) ? response.status : refused;
}

async function read(response) {
  const status = statusOf(response);
  const type = response.headers.get('Content-Type') ?? '';
  let body = null;
  if (status !== 204 && type.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (status >= 200 && status < 300) {
    return body;
  }
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  const retryAfterSeconds = Number.isNaN(retryAfter) ? null : retryAfter;
  let message = body?.message;
  if (!message) {
    message = status >= 500 ? 'Parley could not do this right now. Please try again.'
      : `The request failed (HTTP ${status}).`;
  }
  if (status === 429 && retryAfterSeconds !== null && !/\d/.test(message)) {
    message = `${message} Try again in ${retryAfterSeconds} s.`;
  }
  return Promise.reject(new ApiError(status, body?.error ?? 'http_error', message, retryAfterSeconds));
}
