// Shapes shared by every rule family.
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
