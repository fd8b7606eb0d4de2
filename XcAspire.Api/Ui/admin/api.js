// Calls the admin API with the session cookie the login form set; errors come back as RFC 7807
// problems, thrown as ApiError with the problem's detail so pages can show what to do. Requests
// that change something also carry the session's anti-forgery token in a header, which a page
// on another origin can neither read nor send.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

const signIn = () => {
  location.href = `/admin/login?return=${encodeURIComponent(location.pathname + location.search)}`;
};

// Read once per page; a failed read is forgotten so the next request asks again.
let antiforgery = null;
async function antiforgeryHeader() {
  antiforgery ??= fetch('/admin/antiforgery-token', { credentials: 'same-origin' }).then(async (response) => {
    if (!response.ok) throw new ApiError(response.status, { detail: 'Sign in again.' });
    const { headerName, token } = await response.json();
    return { [headerName]: token };
  });
  try {
    return await antiforgery;
  } catch (e) {
    antiforgery = null;
    if (e.status === 401 || e.status === 403) signIn();
    throw e;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (method !== 'GET') Object.assign(headers, await antiforgeryHeader());
  const response = await fetch(`/api/admin/${path}`, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 || response.status === 403) {
    signIn();
    throw new ApiError(response.status, { detail: 'Sign in again.' });
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// Ends the session on the server, so any copy of the cookie stops working too, then shows the
// sign-in page whatever the answer (a session that already ended is signed out as it is).
export async function signOut() {
  try {
    await fetch('/admin/logout', { method: 'POST', credentials: 'same-origin', headers: await antiforgeryHeader() });
  } catch {
    // Already signed out, or the API is down: the sign-in page says which.
  }
  location.href = '/admin/login';
}

// Follows a job's status: the server-sent stream when it works, else polling every 3 s (the seed's pace).
export const followJob = (jobId, onStatus) => follow(`import-meet/status/${jobId}`, 'status', onStatus);

export const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined).map((c) => (c instanceof Node ? c : String(c))));
  return node;
};

export const table = (headers, rows) =>
  el('table', {}, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c ?? ''))))));

export const counts = (pairs) => el('div', { class: 'counts' }, pairs.map(([label, value, id]) => el('div', { 'data-count': id }, el('b', {}, value ?? 0), label)));

export const time = (iso) => (iso ? new Date(iso).toLocaleString() : '');

// Centiseconds as the site shows times: 16:45.30.
export const raceTime = (cs) => (cs === null || cs === undefined ? ''
  : `${Math.floor(cs / 6000)}:${String(Math.floor((cs % 6000) / 100)).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`);

// Follows a stream of server-sent events of one type, else polls every 3 s; returns a function that stops it.
export function follow(path, eventType, onState) {
  let stopped = false;
  let timer = null;
  const poll = async () => {
    if (stopped) return;
    try { onState(await api(path)); } catch (e) { onState(null, e); }
    if (!stopped) timer = setTimeout(poll, 3000);
  };
  let source = null;
  if ('EventSource' in window) {
    source = new EventSource(`/api/admin/${path}/stream`);
    source.addEventListener(eventType, (e) => onState(JSON.parse(e.data)));
    source.onerror = () => { source.close(); source = null; if (!stopped) poll(); };
  } else {
    poll();
  }
  return () => { stopped = true; source?.close(); clearTimeout(timer); };
}
