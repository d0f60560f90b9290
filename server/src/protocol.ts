// Custom messages between the extension (client) and the language server.
// Both sides import this file; it declares each method once with its direction and payload.
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ClusterFacts } from './liqo/clusterFacts';


/**
 * client -> server: the latest cluster facts snapshot. Sent debounced whenever the facts change.
 * The server stores it, hands it to its rules and re-validates open documents.
 */
export const clusterFactsNotification = new NotificationType<ClusterFacts>('liqo/clusterFacts');

/** What the server reports about itself, for the language status item. */
export interface ServerStatus {
  documents: number;
  factsClusters: number;
  factsTakenAt?: number;
  /** How many times a check ran past its budget and the language service was started afresh. */
  checkRestarts?: number;
}

/** client -> server: the server's own state, shown in the language status item. */
export const serverStatusRequest = new RequestType0<ServerStatus, void>('liqo/serverStatus');
