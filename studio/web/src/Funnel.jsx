// A handler's funnel from the run report: checked → detected → corrected →
// passed / dropped / rejected.
import React from 'react';

export default function Funnel({ handler }) {
  const steps = [
    ['checked', handler.checked],
    ['detected', handler.detected],
    ['corrected', handler.corrected],
  ];
  const ends = [
    ['passed', handler.passed],
    ['dropped', handler.dropped],
    ['rejected', handler.rejected],
  ];
  const widest = Math.max(1, handler.checked);
  const bar = ([label, value]) => (
    <div className={`funnel-step ${label}`} key={label} data-step={label}>
      <span className="funnel-bar" style={{ width: `${Math.max(2, (100 * value) / widest)}%` }} />
      <span className="funnel-text">
        {label} {value}
      </span>
    </div>
  );
  return (
    <div className="funnel" data-testid="funnel" data-handler={handler.name}>
      <div className="funnel-title">
        handler <b>{handler.name}</b> ({handler.edits} edits, {handler.appends} appends, {handler.deletes} deletes)
      </div>
      {steps.map(bar)}
      <div className="funnel-ends">{ends.map(bar)}</div>
    </div>
  );
}
