// The shape of a panel tab and what the panel gives each one. The list of tabs is index.ts.
import type { ModelSourceKind } from '../../../src/core/model-kinds';
import type { MapScope, PanelState, PanelTab } from '../../../src/protocol';
import type { HostClient } from '../../shared/host';

export interface TabContext {
  host: HostClient<PanelState, 'panel'>;
  state(): PanelState;
  save(patch: Partial<PanelState>): void;
  /** show a word in the Neighbours tab */
  explore(word: string): void;
  find(word: string): void;
  /** the active model's kind (imported vectors have no seeds to speak of) */
  activeKind(): ModelSourceKind | undefined;
  /** switch to the Compare or Map tab and show a word there (Map: optionally in the compared pair) */
  goto(tab: 'compare' | 'map', word: string, scope?: MapScope): void;
}

export interface Tab {
  id: PanelTab;
  title: string;
  element: HTMLElement;
  /** run the tab's query with its current inputs (no-op when they are incomplete) */
  run(): void;
  /**
   * What the tab does by itself when the panel is restored (after a reload) or the active model changes; absent:
   * run(). Heavy tabs (the map, the per-word compare, which load and align models) only say what an explicit
   * action will show, so restoring a panel never starts heavy work.
   */
  restore?(): void;
  /** put a word into the tab's first input */
  setWord?(word: string): void;
  /** Map only: which models to draw */
  setScope?(scope: MapScope): void;
}
