// Types that the core's modules share. They live here, not in the module that happens to use them first, so
// that no two modules import each other (lint fails on import cycles).
import type { Position, TextEdit } from 'vscode-languageserver-types';
import type { ClusterFacts } from '../liqo/clusterFacts';
import type { Analysis } from './analyze';
import type { SchemaSet } from './schemas';

/** The subset of a cancellation token that the core needs; LSP tokens fit it. */
export interface Cancel {
  readonly isCancellationRequested: boolean;
}

/** Where the core reports what a user may want to know but no diagnostic says (a schema that did not compile). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A quick fix carried in `Diagnostic.data`, so code actions need no second analysis. */
export interface FixData {
  fixes: { title: string; preferred?: boolean; edits: TextEdit[] }[];
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit inside one segment, with offsets relative to the segment. */
export interface RawEdit {
  start: number;
  end: number;
  newText: string;
}

/** A quick fix computed together with the diagnostic that it fixes. */
export interface RawFix {
  title: string;
  edits: RawEdit[];
  preferred?: boolean;
}

/** A diagnostic before it is placed in the file: offsets are relative to its segment. */
export interface RawDiagnostic {
  start: number;
  end: number;
  code: string;
  severity: Severity;
  message: string;
  fixes?: RawFix[];
}

/** What completion and hover get: one document (segment) of the file, the cursor in it, and what is known. */
export interface FeatureInput {
  /** The segment's text and the cursor's offset in it. */
  text: string;
  offset: number;
  analysis: Analysis;
  schemas: SchemaSet;
  facts: ClusterFacts;
  token?: Cancel;
  /** Converts an offset in the segment to a position in the file. */
  toPosition(offset: number): Position;
}
