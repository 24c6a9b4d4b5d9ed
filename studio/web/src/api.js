// The studio server's JSON API (docs/cli.md, "popper studio").
async function json(response) {
  const body = await response.json().catch(() => ({}));
  return { status: response.status, ok: response.ok, body };
}

function post(url, payload) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  }).then(json);
}

export const listFiles = () => fetch('api/files').then(json);
export const readFile = async (path) => {
  const response = await fetch(`api/file?path=${encodeURIComponent(path)}`);
  return { ok: response.ok, text: await response.text() };
};
export const check = (path, text) => post('api/check', { path, text });
export const plan = (path, text) => post('api/plan', { path, text });
export const startRun = (path, params, noHandlers) =>
  post('api/runs', { path, params, no_handlers: noHandlers });
export const cancelRun = (id) => fetch(`api/runs/${id}`, { method: 'DELETE' }).then(json);
export const runEvents = (id) => new EventSource(`api/runs/${id}/events`);
