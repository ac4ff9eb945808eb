// Labelled vscode-textfield inputs and the Enter-to-run wiring.
import { LIMITS } from '../../src/protocol';
import { h } from './dom';

export type TextField = HTMLElement & { value: string; focus(): void };

export function textField(opts: { label: string; placeholder?: string; value?: string; width?: string; type?: string; min?: number; max?: number; onEnter?: () => void; onInput?: () => void }): { field: TextField; wrap: HTMLElement } {
  const field = h('vscode-textfield', {
    'aria-label': opts.label, placeholder: opts.placeholder, maxlength: opts.type === 'number' ? undefined : LIMITS.wordLength,
    type: opts.type, min: opts.min, max: opts.max, autocomplete: 'off',
  }) as unknown as TextField;
  if (opts.value !== undefined) field.value = opts.value;
  if (opts.width) field.style.width = opts.width; // CSSOM, allowed by the CSP
  field.addEventListener('keydown', (ev: KeyboardEvent) => {
    if (ev.key === 'Enter' && opts.onEnter) { ev.preventDefault(); opts.onEnter(); }
  });
  if (opts.onInput) field.addEventListener('input', opts.onInput);
  const wrap = h('label', { class: 'field' }, h('span', { class: 'field-label', text: opts.label }), field as unknown as HTMLElement);
  return { field, wrap };
}

export function button(label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = h('vscode-button', { secondary });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}
