// Which messages each webview sends and receives. The sidebar and the panel each have their own pair of unions
// (FromSidebar / ToSidebar, FromPanel / ToPanel): the type system stops a view from sending another view's message,
// and the host's validator rejects it at run time (it checks against VIEW_SENDS[view]).
import type { PanelTab } from './constants';
import type { ModelSummary, ResultMap } from './data';
import type { MessageType, MessageUnion, RequestType } from './messages';

// ---------------------------------------------------------------- webview -> host
/** What the sidebar sends: its search, completion, the model switcher, and the way to the panel. */
export const SIDEBAR_SENDS = [
  'ready', 'models.select', 'model.train', 'word.findInFiles', 'panel.open', 'query.neighbours', 'vocab.complete',
] as const satisfies readonly MessageType[];

/** What the panel sends: its queries and the Compare, Map and Evaluate tabs. */
export const PANEL_SENDS = [
  'ready', 'models.select', 'model.train', 'word.findInFiles',
  'query.neighbours', 'query.analogy', 'query.similarity', 'query.oddOneOut',
  'compare.summary', 'compare.word', 'compare.run', 'map.data', 'eval.files', 'eval.pick', 'eval.run',
] as const satisfies readonly MessageType[];

export const VIEW_SENDS = { sidebar: SIDEBAR_SENDS, panel: PANEL_SENDS } as const;
export type ViewName = keyof typeof VIEW_SENDS;

export type FromSidebar = MessageUnion<(typeof SIDEBAR_SENDS)[number]>;
export type FromPanel = MessageUnion<(typeof PANEL_SENDS)[number]>;
export type FromView<V extends ViewName> = MessageUnion<(typeof VIEW_SENDS)[V][number]>;
/** The request types a view may send (each answered by one `response`). */
export type RequestOfView<V extends ViewName> = Extract<(typeof VIEW_SENDS)[V][number], RequestType>;

// ---------------------------------------------------------------- host -> webview
export type ResponseMessage<T extends RequestType = RequestType> =
  | { type: 'response'; id: number; ok: true; result: ResultMap[T] }
  | { type: 'response'; id: number; ok: false; error: string };

export interface ModelChangedMessage {
  type: 'model.changed';
  info: ModelSummary | undefined;
  models: ModelSummary[];
  training: { running: boolean; fraction?: number };
}
/** Asks the webview to show a word (embeddingLens.explore, openPanel args). `note` is a plain-text notice. */
export interface ShowMessage { type: 'show'; word?: string; tab?: PanelTab; note?: string }

/** A new comparison was saved (or one is running): the Compare tab reloads its summary. */
export interface CompareChangedMessage { type: 'compare.changed'; running: boolean }

export type ToSidebar = ResponseMessage | ModelChangedMessage | ShowMessage;
export type ToPanel = ResponseMessage | ModelChangedMessage | ShowMessage | CompareChangedMessage;
export type ToView<V extends ViewName> = V extends 'panel' ? ToPanel : ToSidebar;
/** Anything the host sends to any webview. */
export type HostMessage = ToSidebar | ToPanel;
