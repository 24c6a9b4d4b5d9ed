// The PARAMs a workflow declares, with their defaults, read from its text
// (`PARAM name : type = default;`), for the run form.
const PARAM = /^\s*PARAM\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(\w+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^;]*))?;/gim;

export function declaredParams(text) {
  const params = [];
  for (const m of text.matchAll(PARAM)) {
    let value = (m[3] || '').trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    params.push({ name: m[1], type: m[2], value });
  }
  return params;
}
