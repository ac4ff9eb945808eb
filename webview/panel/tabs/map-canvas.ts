// A 2D word map on a canvas: points with labels, wheel to zoom (around the pointer), drag to pan, click a
// point to explore it, double-click to reset the view. Words are drawn with fillText (never parsed as markup).
import type { MapPoint } from '../../../src/protocol';
import { h, setText, visibleText } from '../../shared/dom';

export interface MapCanvasOptions {
  onClick(word: string): void;
  height?: number;
  /** called after the user zoomed or panned (side-by-side maps mirror each other) */
  onView?(view: { scale: number; tx: number; ty: number }): void;
}
export interface Bounds { minX: number; maxX: number; minY: number; maxY: number }

export function boundsOf(points: readonly MapPoint[]): Bounds {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const p of points) { minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y); }
  return { minX, maxX, minY, maxY };
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export class MapCanvas {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly title: HTMLElement;
  private points: MapPoint[] = [];
  private bounds: Bounds | undefined;
  private scale = 1;
  private tx = 0;
  private ty = 0;
  private drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;
  private readonly height: number;
  private width = 520;

  constructor(private readonly options: MapCanvasOptions) {
    this.height = options.height ?? 460;
    this.title = h('h3', { class: 'map-title' });
    this.canvas = h('canvas', { class: 'map-canvas', role: 'img', tabindex: 0 });
    this.element = h('figure', { class: 'map' }, this.title, this.canvas);
    this.canvas.addEventListener('wheel', (ev) => this.onWheel(ev), { passive: false });
    this.canvas.addEventListener('pointerdown', (ev) => {
      this.drag = { x: ev.clientX, y: ev.clientY, tx: this.tx, ty: this.ty, moved: false };
      this.canvas.setPointerCapture(ev.pointerId);
    });
    this.canvas.addEventListener('pointermove', (ev) => {
      if (!this.drag) return;
      const dx = ev.clientX - this.drag.x, dy = ev.clientY - this.drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) this.drag.moved = true;
      if (this.drag.moved) { this.tx = this.drag.tx + dx; this.ty = this.drag.ty + dy; this.draw(); this.viewChanged(); }
    });
    this.canvas.addEventListener('pointerup', (ev) => {
      const d = this.drag;
      this.drag = undefined;
      if (d && !d.moved) {
        const hit = this.hit(ev.offsetX, ev.offsetY);
        if (hit) this.options.onClick(hit.word);
      }
    });
    this.canvas.addEventListener('dblclick', () => { this.reset(); this.draw(); this.viewChanged(); });
  }

  private viewChanged(): void {
    this.options.onView?.({ scale: this.scale, tx: this.tx, ty: this.ty });
  }

  /** Applies another map's zoom and pan (no event). */
  setView(view: { scale: number; tx: number; ty: number }): void {
    this.scale = view.scale;
    this.tx = view.tx;
    this.ty = view.ty;
    this.draw();
  }

  /** `bounds`: the data range to fit (side-by-side maps pass the union, so both use the same axes). */
  setData(title: string, points: MapPoint[], bounds?: Bounds): void {
    setText(this.title, title);
    this.points = points;
    this.bounds = bounds;
    const centre = points.find((p) => p.role === 'centre');
    this.canvas.setAttribute('aria-label', visibleText(`Map of ${centre?.word ?? 'words'}: ${points.length} words. ${points.slice(0, 30).map((p) => p.word).join(', ')}`));
    this.reset();
    this.draw();
  }

  private reset(): void {
    this.scale = 1;
    this.tx = 0;
    this.ty = 0;
  }

  /** data → canvas pixels (before the zoom/pan transform): fit the bounding box with a margin */
  private base(): (p: MapPoint) => [number, number] {
    const { minX, maxX, minY, maxY } = this.bounds ?? boundsOf(this.points);
    const margin = 40;
    const sx = (this.width - 2 * margin) / Math.max(1e-9, maxX - minX);
    const sy = (this.height - 2 * margin) / Math.max(1e-9, maxY - minY);
    const s = Math.min(sx, sy);
    const ox = (this.width - s * (maxX - minX)) / 2, oy = (this.height - s * (maxY - minY)) / 2;
    return (p) => [ox + (p.x - minX) * s, this.height - (oy + (p.y - minY) * s)];
  }

  private screen(): (p: MapPoint) => [number, number] {
    const b = this.base();
    return (p) => { const [x, y] = b(p); return [x * this.scale + this.tx, y * this.scale + this.ty]; };
  }

  private hit(x: number, y: number): MapPoint | undefined {
    const at = this.screen();
    let best: MapPoint | undefined;
    let bestD = 10;
    for (const p of this.points) {
      const [px, py] = at(p);
      const d = Math.hypot(px - x, py - y);
      if (d < bestD) { bestD = d; best = p; }
    }
    return best;
  }

  private onWheel(ev: WheelEvent): void {
    ev.preventDefault();
    const factor = Math.exp(-ev.deltaY * 0.0015);
    const next = Math.max(0.2, Math.min(40, this.scale * factor));
    const f = next / this.scale;
    this.tx = ev.offsetX - (ev.offsetX - this.tx) * f;
    this.ty = ev.offsetY - (ev.offsetY - this.ty) * f;
    this.scale = next;
    this.draw();
    this.viewChanged();
  }

  draw(): void {
    const width = Math.max(240, Math.floor(this.element.clientWidth || this.width));
    this.width = width;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.floor(width * dpr);
    this.canvas.height = Math.floor(this.height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${this.height}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, this.height);
    const fg = cssVar('--vscode-editor-foreground', '#ccc');
    const dim = cssVar('--vscode-descriptionForeground', '#888');
    const accent = cssVar('--vscode-charts-orange', '#d18616');
    const blue = cssVar('--vscode-charts-blue', '#3794ff');
    const font = cssVar('--vscode-font-family', 'sans-serif');
    const at = this.screen();
    const placed: [number, number, number, number][] = [];
    const overlaps = (r: [number, number, number, number]) => placed.some((q) => r[0] < q[2] && r[2] > q[0] && r[1] < q[3] && r[3] > q[1]);
    // draw 'other' first, the centre last so it is on top; labels: centre always, others when they fit
    const order = [...this.points].sort((a, b) => rank(a) - rank(b));
    for (const p of order) {
      const [x, y] = at(p);
      ctx.beginPath();
      ctx.fillStyle = p.role === 'centre' ? accent : p.role === 'neighbour' ? blue : dim;
      ctx.globalAlpha = p.role === 'other' ? 0.6 : 1;
      ctx.arc(x, y, p.role === 'centre' ? 5 : 3, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    for (const p of [...order].reverse()) {
      const [x, y] = at(p);
      if (x < -50 || x > width + 50 || y < -20 || y > this.height + 20) continue;
      ctx.font = p.role === 'centre' ? `bold 13px ${font}` : `11px ${font}`;
      const label = visibleText(p.word);
      const w = ctx.measureText(label).width;
      const rect: [number, number, number, number] = [x + 5, y - 12, x + 7 + w, y + 2];
      if (p.role !== 'centre' && overlaps(rect)) continue;
      placed.push(rect);
      ctx.fillStyle = p.role === 'other' ? dim : fg;
      ctx.fillText(label, x + 6, y - 1);
    }
  }
}

function rank(p: MapPoint): number {
  return p.role === 'other' ? 0 : p.role === 'neighbour' ? 1 : 2;
}
