// The selected node: its kind, schema, plan details, source lines and the
// last run's counters.
import React from 'react';

export default function NodeDetails({ node, counters }) {
  if (!node) return <div className="details muted">Click a node for its schema and source.</div>;
  return (
    <div className="details" data-testid="node-details">
      <h3>
        {node.name || <i>unnamed</i>} <span className="muted">{node.kind} #{node.id}</span>
      </h3>
      {node.range && (
        <div className="muted">
          lines {node.range.line}–{node.range.end_line} · stage {node.stage}
        </div>
      )}
      <table className="schema">
        <tbody>
          {node.schema.map((c) => (
            <tr key={c.name}>
              <td>{c.name}</td>
              <td className="muted">{c.type}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {node.detail.length > 0 && (
        <ul className="detail">
          {node.detail.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      {counters && (
        <div className="node-counters">
          rows in {counters.rows_in}, out {counters.rows_out}, filtered {counters.filtered}, rejected{' '}
          {counters.rejected}, {counters.ms.toFixed(1)} ms
        </div>
      )}
    </div>
  );
}
