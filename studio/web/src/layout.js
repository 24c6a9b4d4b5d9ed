// Lays a plan out with ELK's layered algorithm, left to right, stages as
// groups. Back edges stay out of the layout (they are feedback: drawn after,
// over the top of the nodes), so the forward dataflow reads in order.
import ELK from 'elkjs/lib/elk.bundled.js';

const elk = new ELK();
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

export { nodeKey, stageKey };
