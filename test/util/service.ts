// Helpers for driving the language core in tests: documents with a `|` cursor marker, and applying fixes.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService, type LanguageService } from '../../server/src/core/service';
import { checkLspSeverities } from './severities';

export const uri = 'file:///test.yaml';

/** A document and the cursor offset, from text with one `|` marking the cursor. */
export function withCursor(marked: string): { doc: TextDocument; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor in the text');
  const doc = TextDocument.create(uri, 'yaml', 1, marked.slice(0, offset) + marked.slice(offset + 1));
  return { doc, position: doc.positionAt(offset) };
}

/** A text as an open document, the way the server and the CLI hand it to the core. */
export function docOf(text: string, at = uri, version = 1): TextDocument {
  return TextDocument.create(at, 'yaml', version, text);
}

/** The core's diagnostics for a text; each one's severity must be the one README.md's table gives its code. */
export async function diagnose(text: string, service: LanguageService = createLanguageService()): Promise<Diagnostic[]> {
  const ds = (await service.validate(docOf(text))) ?? [];
  checkLspSeverities(ds);
  return ds;
}

export function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
}

/** Validates, finds the quick fix with the given title prefix for a code, applies it, and returns the new text. */
export async function fix(text: string, code: string, title?: string): Promise<{ text: string; action: CodeAction }> {
  const service = createLanguageService();
  const diagnostics = await diagnose(text, service);
  const target = diagnostics.find((d) => d.code === code);
  if (!target) throw new Error(`no ${code} among ${diagnostics.map((d) => String(d.code)).join(', ')}`);
  const actions = service.codeActions(docOf(text), target.range, [target]);
  const action = actions.find((a) => !title || a.title.startsWith(title));
  if (!action?.edit?.changes) throw new Error(`no fix for ${code}: ${actions.map((a) => a.title).join(', ')}`);
  return { text: apply(text, action.edit.changes[uri]), action };
}
