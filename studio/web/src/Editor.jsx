// The workflow editor: CodeMirror with the server's diagnostics underlined
// at their line:column and a node's source lines highlighted.
import React, { useEffect, useMemo, useRef } from 'react';
import CodeMirror from '@uiw/react-codemirror';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { highlightField, setHighlight } from './highlight.js';
import { scope } from './scopeLanguage.js';

// 1-based line:column (columns in characters) to a document offset.
function offset(doc, line, column) {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(l.from + Math.max(column - 1, 0), l.to);
}

export function toCodeMirror(doc, diagnostics) {
  return diagnostics.map((d) => {
    const from = offset(doc, d.line, d.column);
    let to = offset(doc, d.end_line ?? d.line, d.end_column ?? d.column);
    if (to <= from) to = Math.min(from + 1, doc.length);
    const severity = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info';
    return { from, to, severity, message: `${d.line}:${d.column}: ${d.message}` };
  });
}

export default function Editor({ text, onChange, diagnostics, highlight }) {
  const view = useRef(null);
  const extensions = useMemo(() => [scope, lintGutter(), highlightField], []);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, toCodeMirror(v.state.doc, diagnostics)));
  }, [diagnostics]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const lines = highlight ? [highlight.line, highlight.end_line] : null;
    v.dispatch({ effects: setHighlight.of(lines) });
    if (lines) {
      const pos = v.state.doc.line(Math.min(lines[0], v.state.doc.lines)).from;
      v.dispatch({ effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
    }
  }, [highlight]);

  return (
    <div className="editor" data-testid="editor">
      <CodeMirror
        value={text}
        height="100%"
        extensions={extensions}
        onChange={onChange}
        onCreateEditor={(v) => {
          view.current = v;
        }}
      />
    </div>
  );
}

