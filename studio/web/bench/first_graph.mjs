// Time to first graph: from opening a generated workflow of about N plan
// nodes in the studio (a fresh page: bundle, file, check, plan, layout) to
// all its nodes drawn, and to ELK's layout of them drawn
// (tests/bench/RESULTS.md).
//
//   node studio/web/bench/first_graph.mjs [--nodes 200] [--runs 5]
//
// The workflow is check_bench.py's blocks (extracts, joins, groups, PROCESS,
// UNION, handlers with back edges, outputs) in a temporary root.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { POPPER, SOURCE_DIR, launchChromium, startStudio } from '../testlib/studio.mjs';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '200' }, runs: { type: 'string', default: '5' } } });
const wanted = Number(values.nodes);

function generate(statements) {
  const code = `import sys; sys.path.insert(0, ${JSON.stringify(join(SOURCE_DIR, 'tests/bench'))}); import check_bench; sys.stdout.write(check_bench.generate(${statements}))`;
  return execFileSync('python3', ['-c', code], { encoding: 'utf8' });
}

// The smallest workflow whose plan has at least `wanted` nodes.
const root = mkdtempSync(join(tmpdir(), 'popper-first-graph-'));
const file = join(root, 'bench.scope');
let nodes = 0;
for (let statements = 13; nodes < wanted; statements += 11) {
  writeFileSync(file, generate(statements));
  nodes = JSON.parse(execFileSync(POPPER, ['plan', '--format', 'json', file], { encoding: 'utf8' })).nodes.length;
}
const studio = await startStudio(root);
const browser = await launchChromium();
const times = [];
const elkTimes = [];
try {
  for (let run = 0; run < Number(values.runs); run++) {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const started = Date.now();
    await page.goto(`${studio.url}#/bench.scope`);
    await page.locator('.react-flow__node-op').nth(nodes - 1).waitFor({ timeout: 30000 });
    times.push(Date.now() - started);
    await page.locator('[data-testid="graph"][data-layout="elk"] .react-flow__node-op').nth(nodes - 1).waitFor({ timeout: 60000 });
    elkTimes.push(Date.now() - started);
    const t = await page.evaluate(() => window.__studioTimings);
    console.log(
      `run ${run + 1}: ${times.at(-1)} ms to first graph, ${elkTimes.at(-1)} ms to ELK's (layout ${t.layoutMs.toFixed(0)} ms in its worker)`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await studio.stop();
}
const summary = (xs) => {
  xs.sort((a, b) => a - b);
  return `best ${xs[0]} ms, median ${xs[Math.floor(xs.length / 2)]} ms`;
};
console.log(`${nodes} plan nodes: first graph ${summary(times)}; ELK's layout drawn ${summary(elkTimes)}`);
