// Plain text for VS Code notifications (pure). The workbench turns `[label](command:…)`, `[label](https://…)`
// and `[label](file:…)` inside a notification message into a link, and opens it with commands allowed. A file
// name, a model label or a parser error (which may quote a word from the file) must not become such a link:
// a word joiner (U+2060, invisible) between "]" and "(" stops the workbench's link pattern from matching.
export function plainNotificationText(text: string): string {
  return text.replace(/\]\(/g, ']\u2060(');
}
