// Lays a plan out with ELK's layered algorithm, left to right, stages as
// groups. Back edges stay out of the layout (they are feedback: drawn after,
// over the top of the nodes), so the forward dataflow reads in order.
//
// ELK runs in a web worker: its 1.5 MB of compiled Java is parsed beside
// the page, and a cold first layout (about a second for 200 nodes) does not
// block it. Until it answers, quickLayout() draws the same layers at once.
import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

const elk = new ELK({ workerUrl });
export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 62;

const nodeKey = (id) => `n${id}`;
const stageKey = (index) => `s${index}`;

export async function layoutPlan(plan) {
  const stages = new Map();
  for (const n of plan.nodes) {
    if (!stages.has(n.stage)) stages.set(n.stage, []);
    stages.get(n.stage).push(n);
  }
  const grouped = stages.size > 1;
  const leaf = (n) => ({ id: nodeKey(n.id), width: NODE_WIDTH, height: NODE_HEIGHT });
  const children = grouped
    ? [...stages.entries()].map(([index, nodes]) => ({
        id: stageKey(index),
        layoutOptions: { 'elk.padding': '[top=28,left=14,bottom=14,right=14]' },
        children: nodes.map(leaf),
      }))
    : plan.nodes.map(leaf);
  const edges = [];
  for (const n of plan.nodes)
    n.inputs.forEach((input, i) =>
      edges.push({ id: `e${input.from}-${n.id}-${i}`, sources: [nodeKey(input.from)], targets: [nodeKey(n.id)] }),
    );
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '28',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children,
    edges,
  });
  const positions = new Map();
  const groups = [];
  for (const child of graph.children) {
    if (child.children) {
      groups.push({ index: Number(child.id.slice(1)), x: child.x, y: child.y, width: child.width, height: child.height });
      for (const c of child.children) positions.set(c.id, { x: c.x, y: c.y, parent: child.id });
    } else {
      positions.set(child.id, { x: child.x, y: child.y, parent: null });
    }
  }
  return { positions, groups };
}

// Longest-path layers, each ordered by the mean position of its inputs: the
// graph in a few milliseconds, without groups, while ELK works.
export function quickLayout(plan) {
  const layer = new Map();
  const row = new Map();
  const layers = [];
  for (const n of plan.nodes) {
    const l = n.inputs.reduce((m, i) => Math.max(m, (layer.get(i.from) ?? -1) + 1), 0);
    layer.set(n.id, l);
    (layers[l] ||= []).push(n);
  }
  const positions = new Map();
  for (const nodes of layers) {
    const mean = (n) =>
      n.inputs.length ? n.inputs.reduce((s, i) => s + (row.get(i.from) ?? 0), 0) / n.inputs.length : row.size;
    const keyed = (nodes || []).map((n) => [mean(n), n]).sort((a, b) => a[0] - b[0]);
    keyed.forEach(([, n], i) => {
      row.set(n.id, i);
      positions.set(nodeKey(n.id), { x: layer.get(n.id) * (NODE_WIDTH + 70), y: i * (NODE_HEIGHT + 28), parent: null });
    });
  }
  return { positions, groups: [], quick: true };
}

export { nodeKey, stageKey };
