// The request types answered by compare-requests.ts rather than webview-requests.ts (pure types).
import type { WebviewMessage, WebviewRequest } from '../../protocol';

export const HOST_REQUEST_TYPES = ['compare.summary', 'compare.word', 'map.data', 'eval.files', 'eval.pick', 'eval.run'] as const;
export type HostRequest = Extract<WebviewRequest, { type: (typeof HOST_REQUEST_TYPES)[number] }>;
export type QueryRequest = Exclude<WebviewRequest, HostRequest>;

export function isHostRequest(msg: WebviewMessage): msg is HostRequest {
  return (HOST_REQUEST_TYPES as readonly string[]).includes(msg.type);
}
