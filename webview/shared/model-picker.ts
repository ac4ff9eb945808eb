// Model switcher (vscode-single-select), shown only when there are several models.
import type { ModelSummary } from '../../src/protocol';
import { h, visibleText } from './dom';

export class ModelPicker {
  readonly element: HTMLDivElement;
  private readonly select: HTMLElement & { value: string };
  private ids: string[] = [];

  constructor(onSelect: (id: string) => void) {
    this.select = document.createElement('vscode-single-select') as unknown as HTMLElement & { value: string };
    this.select.setAttribute('aria-label', 'Active model');
    this.select.id = 'model-select';
    this.element = h('div', { class: 'model-picker', hidden: true }, h('label', { for: 'model-select', text: 'Model' }), this.select);
    this.select.addEventListener('change', () => { if (this.select.value) onSelect(this.select.value); });
  }

  update(models: readonly ModelSummary[], activeId: string | undefined): void {
    this.element.hidden = models.length < 2;
    const ids = models.map((m) => m.id);
    if (ids.join('\n') !== this.ids.join('\n')) {
      this.ids = ids;
      this.select.replaceChildren(...models.map((m) => {
        const opt = document.createElement('vscode-option');
        opt.setAttribute('value', m.id);
        opt.textContent = visibleText(m.label);
        return opt;
      }));
    }
    if (activeId !== undefined) {
      // after the options have been slotted
      queueMicrotask(() => { if (this.select.value !== activeId) this.select.value = activeId; });
    }
  }
}
