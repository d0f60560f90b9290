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

/** A Liqo values file of the workspace and the cluster ID it gives ('' for none). */
export interface ValuesFileID {
  uri: string;
  clusterID: string;
}

/**
 * client -> server: the cluster IDs of the workspace's Liqo values files as saved, whether open or not; sent in a
 * trusted workspace only, at the server's start and when such files change. The server compares each open values
 * file with them (LIQO308); an open file's own text counts over its saved one.
 */
export const valuesClusterIDsNotification = new NotificationType<ValuesFileID[]>('liqo/valuesClusterIDs');
