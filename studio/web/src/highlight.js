// A CodeMirror field that highlights a range of lines (a node's source).
import { StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView } from '@codemirror/view';

export const setHighlight = StateEffect.define();
const lineMark = Decoration.line({ class: 'cm-node-source' });

export const highlightField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setHighlight)) continue;
      if (!e.value) return Decoration.none;
      const [first, last] = e.value;
      const doc = tr.state.doc;
      const ranges = [];
      for (let n = Math.max(first, 1); n <= Math.min(last, doc.lines); n++) ranges.push(lineMark.range(doc.line(n).from));
      marks = Decoration.set(ranges);
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});
