// The reactive dataflow: nodes named by their rowsets with their kind,
// forward edges labelled (im+, im-, im±, inm, ī), back edges dashed with
// their label, stages as groups, the last run's counters on the nodes.
import React, { useEffect, useMemo, useState } from 'react';
import { Background, Controls, Handle, MarkerType, Position, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { NODE_HEIGHT, NODE_WIDTH, layoutPlan, nodeKey, quickLayout, stageKey } from './layout.js';

function OpNode({ data }) {
  const { node, counters, live } = data;
  return (
    <div className={`op kind-${node.kind}`} data-rowset={node.name || undefined} data-kind={node.kind}>
      <Handle type="target" position={Position.Left} id="in" />
      <Handle type="target" position={Position.Top} id="back-in" style={{ left: '30%' }} />
      <div className="op-name">{node.name || <i>{node.kind.toLowerCase()}</i>}</div>
      <div className="op-kind">{node.kind}{node.delete_live ? ' ±' : ''}</div>
      {counters && (
        <div className="op-counters" data-testid="counters">
          {counters.rows_in}→{counters.rows_out}
          {counters.filtered ? ` −${counters.filtered}` : ''}
          {counters.rejected ? ` ✗${counters.rejected}` : ''} · {counters.ms.toFixed(1)} ms
        </div>
      )}
      {!counters && live !== undefined && (
        <div className="op-counters live" data-testid="live">
          {live} rows…
        </div>
      )}
      <Handle type="source" position={Position.Right} id="out" />
      <Handle type="source" position={Position.Top} id="back-out" style={{ left: '70%' }} />
    </div>
  );
}

function StageGroup({ data }) {
  return <div className="stage-label">stage {data.index}{data.cyclic ? ' (cyclic)' : ''}</div>;
}

const nodeTypes = { op: OpNode, stage: StageGroup };

// Structure only: a new plan with the same nodes and edges keeps its layout.
const shapeOf = (plan) =>
  JSON.stringify(plan.nodes.map((n) => [n.id, n.stage, n.inputs.map((i) => i.from)]));

export default function Graph({ plan, counters, live, selected, onSelect }) {
  const shape = shapeOf(plan);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const quick = useMemo(() => quickLayout(plan), [shape]);
  const [elkLayout, setElkLayout] = useState(null);
  useEffect(() => {
    let current = true;
    setElkLayout(null);
    const started = performance.now();
    layoutPlan(plan).then((l) => {
      if (!current) return;
      window.__studioTimings = { ...(window.__studioTimings || {}), layoutMs: performance.now() - started };
      setElkLayout(l);
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);
  const layout = elkLayout || quick;

  const { nodes, edges } = useMemo(() => {
    if (!layout) return { nodes: [], edges: [] };
    const cyclic = new Map(plan.stages.map((s) => [s.index, s.cyclic]));
    const nodes = layout.groups.map((g) => ({
      id: stageKey(g.index),
      type: 'stage',
      position: { x: g.x, y: g.y },
      data: { index: g.index, cyclic: cyclic.get(g.index) },
      style: { width: g.width, height: g.height },
      className: 'stage-group',
      selectable: false,
      draggable: false,
    }));
    for (const n of plan.nodes) {
      const p = layout.positions.get(nodeKey(n.id));
      if (!p) continue;
      nodes.push({
        id: nodeKey(n.id),
        type: 'op',
        position: { x: p.x, y: p.y },
        parentId: p.parent || undefined,
        // Known sizes: React Flow draws the nodes without measuring them first.
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        data: { node: n, counters: counters.get(n.id), live: n.name ? live[n.name] : undefined },
        selected: n.id === selected,
      });
    }
    const edges = [];
    for (const n of plan.nodes)
      n.inputs.forEach((input, i) =>
        edges.push({
          id: `e${input.from}-${n.id}-${i}`,
          source: nodeKey(input.from),
          target: nodeKey(n.id),
          sourceHandle: 'out',
          targetHandle: 'in',
          label: input.label,
          className: input.blocking ? 'forward blocking' : 'forward',
          markerEnd: { type: MarkerType.ArrowClosed },
        }),
      );
    plan.back_edges.forEach((b, i) =>
      edges.push({
        id: `b${b.from}-${b.to}-${i}`,
        source: nodeKey(b.from),
        target: nodeKey(b.to),
        sourceHandle: 'back-out',
        targetHandle: 'back-in',
        label: b.label,
        className: 'back-edge',
        data: { action: b.action },
        animated: true,
        markerEnd: { type: MarkerType.ArrowClosed },
      }),
    );
    return { nodes, edges };
  }, [layout, plan, counters, live, selected]);

  return (
    <div className="graph" data-testid="graph" data-nodes={plan.nodes.length} data-layout={layout.quick ? 'quick' : 'elk'}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        key={layout.quick ? 'quick' : 'elk'}
        minZoom={0.05}
        nodesConnectable={false}
        onNodeClick={(_, node) => node.type === 'op' && onSelect(node.data.node.id)}
        onPaneClick={() => onSelect(null)}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
