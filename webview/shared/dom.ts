// Tiny DOM helpers. Text from the workspace (words) is only ever set with textContent, and always through
// visibleText (core/visible-text.ts): control, bidi and zero-width characters are shown as ⟨U+XXXX⟩, so a word
// cannot reorder the text around it (U+202E) or look like another word. Data attributes keep the real word.
import { visibleText } from '../../src/core/visible-text';

type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') el.textContent = visibleText(String(v));
    else if (k === 'class') el.className = String(v);
    else if (k === 'title' || k === 'aria-label') el.setAttribute(k, visibleText(String(v)));
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) el.append(typeof c === 'string' ? document.createTextNode(visibleText(c)) : c);
  return el;
}

/** Sets an element's text (a status line, a heading) with control, bidi and invisible characters made visible. */
export function setText(el: Node, text: string): void {
  el.textContent = visibleText(text);
}

export { visibleText };

export function clear(el: Element): void { el.replaceChildren(); }

export function formatInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

export function formatSim(s: number): string {
  return Number.isFinite(s) ? s.toFixed(3) : '–';
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || '–';
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}


/** A small monochrome magnifier drawn with currentColor (no icon font needed). */
export function searchIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  const circle = document.createElementNS(ns, 'circle');
  circle.setAttribute('cx', '6.5'); circle.setAttribute('cy', '6.5'); circle.setAttribute('r', '4.5');
  const line = document.createElementNS(ns, 'line');
  line.setAttribute('x1', '10'); line.setAttribute('y1', '10'); line.setAttribute('x2', '14.5'); line.setAttribute('y2', '14.5');
  for (const el of [circle, line]) {
    el.setAttribute('fill', 'none'); el.setAttribute('stroke', 'currentColor'); el.setAttribute('stroke-width', '1.5');
  }
  line.setAttribute('stroke-linecap', 'round');
  svg.append(circle, line);
  return svg;
}
