// A small inline-SVG line chart of training loss curves, every seed of every rule (one colour per rule), built
// with DOM APIs (no markup strings).
import type { CompareRule } from '../../../../src/protocol';

const NS = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const COLOURS = ['var(--vscode-charts-red, #f14c4c)', 'var(--vscode-charts-blue, #3794ff)', 'var(--vscode-charts-green, #89d185)', 'var(--vscode-charts-purple, #b180d7)'];

interface Series { label: string; colour: number; lossCurve: { fraction: number; loss: number }[]; legend: boolean }

export function lossChart(rules: readonly CompareRule[]): SVGSVGElement {
  const runs: Series[] = rules.flatMap((r, i) => r.lossCurves.map((lossCurve, s) => ({
    label: `${r.label} (${r.lossCurves.length} seeds)`, colour: i, lossCurve, legend: s === 0,
  })));
  const W = 560, H = 200, L = 48, R = 12, T = 12, B = 34;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'loss-chart', role: 'img', 'aria-label': 'Training loss of every seed of each rule against training progress' });
  const all = runs.flatMap((r) => r.lossCurve.map((p) => p.loss)).filter(Number.isFinite);
  if (all.length === 0) {
    svg.append(el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' }, 'No loss recorded.'));
    return svg;
  }
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const x = (f: number) => L + f * (W - L - R);
  const y = (v: number) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  svg.append(el('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'axis-line' }), el('line', { x1: L, y1: T, x2: L, y2: H - B, class: 'axis-line' }));
  for (const f of [0, 0.25, 0.5, 0.75, 1]) svg.append(el('text', { x: x(f), y: H - B + 14, 'text-anchor': 'middle', class: 'axis' }, `${Math.round(f * 100)}%`));
  for (const v of [lo, (lo + hi) / 2, hi]) svg.append(el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, v.toFixed(2)));
  svg.append(el('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis' }, 'training progress'));
  let legends = 0;
  runs.forEach((r) => {
    const i = r.colour;
    const pts = r.lossCurve.filter((p) => Number.isFinite(p.loss)).map((p) => `${x(p.fraction).toFixed(1)},${y(p.loss).toFixed(1)}`).join(' ');
    const line = el('polyline', { points: pts, fill: 'none', 'stroke-width': 1.5, class: `series series-${i}` });
    line.style.stroke = COLOURS[i % COLOURS.length]; // CSSOM (var() works here, not in presentation attributes)
    line.style.opacity = '0.8';
    svg.append(line);
    if (r.lossCurve.length <= 3) {
      for (const p of r.lossCurve) {
        if (!Number.isFinite(p.loss)) continue;
        const dot = el('circle', { cx: x(p.fraction).toFixed(1), cy: y(p.loss).toFixed(1), r: 3 });
        dot.style.fill = COLOURS[i % COLOURS.length];
        svg.append(dot);
      }
    }
    if (!r.legend) return;
    const ly = T + 4 + legends++ * 16;
    const key = el('line', { x1: W - R - 190, y1: ly, x2: W - R - 170, y2: ly, 'stroke-width': 3 });
    key.style.stroke = COLOURS[i % COLOURS.length];
    svg.append(key);
    svg.append(el('text', { x: W - R - 164, y: ly + 4, class: 'legend' }, r.label));
  });
  return svg;
}
