// The panel's tabs, one file a tab, in the order of PANEL_TABS (src/protocol). TAB_BUILDERS must have exactly
// one builder per PanelTab, so adding a tab to the protocol without its view (or the reverse) does not compile.
import { analogiesTab } from './analogies';
import { compareTab } from './compare/compare';
import { evaluateTab } from './evaluate';
import { mapTab } from './map';
import { neighboursTab } from './neighbours';
import { oddOneOutTab } from './odd-one-out';
import { similarityTab } from './similarity';
import type { Tab, TabContext } from './tab';
import { PANEL_TABS, type PanelTab } from '../../../src/protocol';

export type { Tab, TabContext } from './tab';

/** Each tab's builder, by id: the keys are exactly PANEL_TABS (the type says so), in display order. */
export const TAB_BUILDERS = {
  neighbours: neighboursTab,
  analogies: analogiesTab,
  similarity: similarityTab,
  oddOneOut: oddOneOutTab,
  compare: compareTab,
  map: mapTab,
  evaluate: evaluateTab,
} satisfies Record<PanelTab, (ctx: TabContext) => Tab>;

export function createTabs(ctx: TabContext): Tab[] {
  return PANEL_TABS.map((id) => TAB_BUILDERS[id](ctx));
}
