// The one typed protocol between the extension host and the webviews (sidebar and panel). Both sides import it;
// the host never trusts it at run time: every message from a webview goes through src/extension/message-validation.ts,
// which checks it against the same table the types come from.
//
// constants.ts  the panel's tabs, LIMITS and the fixed choices (map methods and scopes, evaluation kinds)
// messages.ts   MESSAGES: every webview -> host message and its fields, declared once; the types derived from it
// views.ts      which view sends and receives which messages (FromSidebar, ToSidebar, FromPanel, ToPanel)
// data.ts       what the messages carry: model summaries, query, compare, map and evaluation results; view state
export * from './constants';
export * from './data';
export * from './messages';
export * from './views';
