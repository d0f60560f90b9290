// The two ways a document of a Helm chart is analysed instead of as a manifest: a document of a Liqo values
// file, and a document of a template.
import { analyze, type Analysis } from '../analyze';
import { countLines } from '../documents';
import { parseSegment } from '../parse';
import type { SchemaSet } from '../schemas';
import { maskActions, templateDiagnostics } from './template';
import { checkValues } from './valuesCheck';

/** A document of a Liqo values file: its syntax (the file is ours), then the chart's schema and the values' rules. */
export function analyzeValues(text: string): Analysis {
  const parsed = parseSegment(text);
  const { diagnostics, summary } = checkValues(parsed);
  return {
    parsed, role: 'other', kindSchema: undefined, summary: undefined, newlines: countLines(text),
    diagnostics: [...parsed.problems, ...diagnostics], values: summary,
  };
}

/**
 * A document of a Helm template: never a syntax error; where its actions masked leave a Liqo kind, that kind's
 * kind, keys and allowed values, except where an action stands. It gives file-wide rules nothing to go on.
 */
export function analyzeTemplate(text: string, schemas: SchemaSet, consumers: readonly string[]): Analysis {
  const masked = maskActions(text);
  const a = analyze(masked.text, schemas, consumers);
  return {
    ...a,
    parsed: { ...a.parsed, text },
    diagnostics: a.role === 'liqo' ? templateDiagnostics(a.diagnostics, masked) : [],
    summary: undefined,
  };
}
