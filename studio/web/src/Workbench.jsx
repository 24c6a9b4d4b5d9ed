// One workflow: its editor with live diagnostics, its dataflow graph, the
// selected node's details and its runs.
import React, { useEffect, useMemo, useRef, useState } from 'react';
import { check, plan as fetchPlan, readFile } from './api.js';
import Editor from './Editor.jsx';
import Graph from './Graph.jsx';
import NodeDetails from './NodeDetails.jsx';
import RunPanel from './RunPanel.jsx';

const DEBOUNCE_MS = 300;

export default function Workbench({ path }) {
  const [text, setText] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [diagnostics, setDiagnostics] = useState([]);
  const [plan, setPlan] = useState(null);
  const [planError, setPlanError] = useState(null);
  const [selected, setSelected] = useState(null);
  const [report, setReport] = useState(null);
  const [live, setLive] = useState({}); // rowset -> rows so far, while a run goes
  const generation = useRef(0);
  const firstAnswers = useRef(null);

  // The file as opened is checked and planned while the editor mounts.
  useEffect(() => {
    readFile(path).then((r) => {
      if (!r.ok) return setLoadError(r.text);
      firstAnswers.current = Promise.all([check(path, r.text), fetchPlan(path, r.text)]);
      setText(r.text);
    });
  }, [path]);

  // Check and plan the text a moment after the last keystroke; answers to
  // older texts are dropped.
  useEffect(() => {
    if (text === null) return undefined;
    const mine = ++generation.current;
    // Edits are checked a moment after the last keystroke.
    const timer = setTimeout(async () => {
      const [c, p] = await (mine === 1 && firstAnswers.current
        ? firstAnswers.current
        : Promise.all([check(path, text), fetchPlan(path, text)]));
      if (mine !== generation.current) return;
      setDiagnostics(c.ok ? c.body.diagnostics : [{ severity: 'error', line: 1, column: 1, message: c.body.error }]);
      if (p.ok) {
        setPlan(p.body);
        setPlanError(null);
      } else {
        setPlanError(p.body.error || 'cannot plan');
      }
    }, mine === 1 ? 0 : DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [path, text]);

  const counters = useMemo(() => {
    const byId = new Map();
    for (const n of report?.nodes || []) byId.set(n.id, n);
    return byId;
  }, [report]);
  const selectedNode = plan?.nodes.find((n) => n.id === selected) || null;

  if (loadError) return <main className="error">{loadError}</main>;
  if (text === null) return <main>Loading…</main>;
  return (
    <main className="workbench">
      <section className="left">
        <Editor text={text} onChange={setText} diagnostics={diagnostics} highlight={selectedNode?.range} />
        <ul className="diagnostics" data-testid="diagnostics">
          {diagnostics.length === 0 && <li className="ok">No problems.</li>}
          {diagnostics.map((d, i) => (
            <li key={i} className={d.severity}>
              <span className="where">{d.line}:{d.column}</span> {d.severity}: {d.message}
            </li>
          ))}
        </ul>
      </section>
      <section className="right">
        <div className="graph-box">
          {planError && <div className="plan-error">{planError}{plan ? ' (showing the last plan)' : ''}</div>}
          {plan ? (
            <Graph plan={plan} counters={counters} live={live} selected={selected} onSelect={setSelected} />
          ) : (
            <div className="placeholder">{planError ? '' : 'Planning…'}</div>
          )}
        </div>
        <div className="panels">
          <NodeDetails node={selectedNode} counters={selectedNode ? counters.get(selectedNode.id) : null} />
          <RunPanel path={path} text={text} onReport={setReport} onProgress={setLive} />
        </div>
      </section>
    </main>
  );
}
