// Popper Studio: the gallery, then a workflow's editor, dataflow graph and runs.
import React, { useEffect, useState } from 'react';
import Gallery from './Gallery.jsx';
import Workbench from './Workbench.jsx';

function pathFromHash() {
  const hash = decodeURIComponent(window.location.hash.replace(/^#\/?/, ''));
  return hash.endsWith('.scope') ? hash : null;
}

export default function App() {
  const [path, setPath] = useState(pathFromHash);
  useEffect(() => {
    const onHash = () => setPath(pathFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const open = (file) => {
    window.location.hash = file ? `/${encodeURIComponent(file)}` : '';
  };
  return (
    <div className="app">
      <header>
        <a className="brand" href="#" onClick={() => open(null)}>Popper Studio</a>
        {path && <span className="crumb">{path}</span>}
      </header>
      {path ? <Workbench key={path} path={path} /> : <Gallery onOpen={open} />}
    </div>
  );
}
