// Each Liqo label, annotation and taint key is spelled once in product code, in server/src/liqo/keys.ts: every
// other string in client/src and server/src that names one uses the constant. Comments, and the field
// descriptions in schemas/ (documentation, like comments), may mention keys; code may not.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { annotations, labels, virtualNodeTaint } from '../../server/src/liqo/keys';

const root = path.resolve(__dirname, '../../..');
const home = path.join(root, 'server/src/liqo/keys.ts');
const keys = [...Object.values(labels), ...Object.values(annotations), virtualNodeTaint.key];

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The text of every string and template literal piece in a file. */
function literals(file: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, readFileSync(file, 'utf8'));
  const out: string[] = [];
  const templates: number[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken && templates.length) templates[templates.length - 1]++;
    if (kind === ts.SyntaxKind.CloseBraceToken && templates.length) {
      if (templates[templates.length - 1] === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else templates[templates.length - 1]--;
    }
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(0);
    if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral
      || kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle || kind === ts.SyntaxKind.TemplateTail) {
      out.push(scanner.getTokenValue());
    }
  }
  return out;
}

void test('every Liqo key is spelled once in product code', () => {
  const files = [...sources(path.join(root, 'client/src')), ...sources(path.join(root, 'server/src'))]
    .filter((f) => f !== home);
  assert.ok(files.length > 50, 'the product sources were found');
  const found: string[] = [];
  for (const file of files) {
    for (const text of literals(file)) {
      for (const key of keys) {
        if (new RegExp(`(^|[^\\w./-])${key.replace(/[.]/g, '\\.')}($|[^\\w/-])`).test(text)) found.push(`${path.relative(root, file)}: ${key}`);
      }
    }
  }
  assert.deepEqual(found, []);
  // The scan sees keys where they are: keys.ts spells each of them.
  const own = literals(home).join('\n');
  for (const key of keys) assert.ok(own.includes(key), key);
});
