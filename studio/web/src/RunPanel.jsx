// Running the workflow: its PARAMs, a Run button, live progress from the
// server's events, then the report: outputs (rows, precision/recall/F1),
// rejects and each handler's funnel.
import React, { useEffect, useMemo, useRef, useState } from 'react';
import { cancelRun, runEvents, startRun } from './api.js';
import Funnel from './Funnel.jsx';
import { declaredParams } from './params.js';

const f3 = (x) => (x == null ? '' : x.toFixed(3));

export default function RunPanel({ path, text, onReport, onProgress }) {
  const declared = useMemo(() => declaredParams(text), [text]);
  const [values, setValues] = useState({});
  const [noHandlers, setNoHandlers] = useState(false);
  const [run, setRun] = useState(null); // {id, status, progress, log, report}
  const source = useRef(null);
  useEffect(() => () => source.current?.close(), []);

  const start = async () => {
    source.current?.close();
    const params = {};
    for (const p of declared) params[p.name] = values[p.name] ?? p.value;
    const r = await startRun(path, params, noHandlers);
    if (!r.ok) return setRun({ status: 'failed', log: [r.body.error], report: null });
    const state = { id: r.body.id, status: 'running', progress: null, log: [], report: null };
    onReport(null);
    onProgress({});
    setRun(state);
    const events = runEvents(r.body.id);
    source.current = events;
    const update = (change) => setRun((old) => ({ ...old, ...change(old) }));
    events.addEventListener('log', (e) => update((old) => ({ log: [...old.log, e.data].slice(-200) })));
    events.addEventListener('progress', (e) => {
      const progress = JSON.parse(e.data);
      update(() => ({ progress }));
      onProgress(progress.nodes || {});
    });
    events.addEventListener('report', (e) => {
      const report = JSON.parse(e.data);
      update(() => ({ report }));
      onReport(report);
    });
    events.addEventListener('end', (e) => {
      events.close();
      update(() => ({ status: JSON.parse(e.data).status }));
    });
  };

  const report = run?.report;
  return (
    <div className="run-panel" data-testid="run-panel">
      <div className="run-form">
        {declared.map((p) => (
          <label key={p.name}>
            {p.name} <span className="muted">{p.type}</span>
            <input value={values[p.name] ?? p.value} onChange={(e) => setValues({ ...values, [p.name]: e.target.value })} />
          </label>
        ))}
        <label className="check">
          <input type="checkbox" checked={noHandlers} onChange={(e) => setNoHandlers(e.target.checked)} /> no handlers
        </label>
        <button onClick={start} disabled={run?.status === 'running'} data-testid="run">
          Run
        </button>
        {run?.status === 'running' && <button onClick={() => cancelRun(run.id)}>Cancel</button>}
      </div>
      {run && (
        <div className="run-status" data-testid="run-status" data-status={run.status}>
          run {run.id ?? ''}: {run.status}
          {run.progress && ` · ${run.progress.rows_read} rows read, ${run.progress.seconds.toFixed(1)} s`}
          {report && ` · ${report.seconds.toFixed(2)} s`}
        </div>
      )}
      {report && (
        <>
          <table className="outputs" data-testid="outputs">
            <thead>
              <tr>
                <th>output</th>
                <th>rows</th>
                <th>precision</th>
                <th>recall</th>
                <th>F1</th>
              </tr>
            </thead>
            <tbody>
              {report.outputs.map((o) => (
                <tr key={o.path}>
                  <td>{o.path}</td>
                  <td className="num">{o.rows}</td>
                  <td className="num">{f3(o.evaluation?.precision)}</td>
                  <td className="num">{f3(o.evaluation?.recall)}</td>
                  <td className="num">{f3(o.evaluation?.f1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="muted">
            {report.rows.input} input rows, {report.rows.output} output, {report.rows.filtered} filtered,{' '}
            {report.rows.rejected} rejected{report.waves > 1 ? `, ${report.waves} waves` : ''}
          </div>
          {(report.rejects?.first || []).map((r, i) => (
            <div className="reject" key={i}>
              {r.source}:{r.line}: {r.node}: {r.reason}
            </div>
          ))}
          {report.handlers.map((h) => (
            <Funnel key={h.name} handler={h} />
          ))}
        </>
      )}
      {run?.log.length > 0 && (
        <pre className="log" data-testid="run-log">
          {run.log.join('\n')}
        </pre>
      )}
    </div>
  );
}
