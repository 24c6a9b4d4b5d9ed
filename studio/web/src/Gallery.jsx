// The gallery: every .scope file under the studio's root, grouped by folder.
import React, { useEffect, useState } from 'react';
import { listFiles } from './api.js';

export default function Gallery({ onOpen }) {
  const [state, setState] = useState({ loading: true });
  const [filter, setFilter] = useState('');
  useEffect(() => {
    listFiles().then((r) => setState(r.ok ? r.body : { error: r.body.error || 'cannot list files' }));
  }, []);
  if (state.loading) return <main className="gallery">Loading…</main>;
  if (state.error) return <main className="gallery error">{state.error}</main>;
  const files = state.files.filter((f) => f.toLowerCase().includes(filter.toLowerCase()));
  return (
    <main className="gallery">
      <div className="gallery-head">
        <h2>Workflows in {state.root}</h2>
        <input placeholder="filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {files.length === 0 && <p>No .scope files here.</p>}
      <ul className="cards" data-testid="gallery">
        {files.map((f) => {
          const slash = f.lastIndexOf('/');
          return (
            <li key={f}>
              <button className="card" data-file={f} onClick={() => onOpen(f)}>
                <span className="card-name">{f.slice(slash + 1).replace(/\.scope$/, '')}</span>
                <span className="card-folder">{slash >= 0 ? f.slice(0, slash) : ''}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
