// liqo-lint: the editor's checks over files, for CI. Same core, same diagnostics.
// Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from './core/service';
import { allCodes } from './core/rules/codes';
import { chartTemplatePredicate } from './chartTemplates';
import type { ClusterFacts } from './liqo/clusterFacts';

type Format = 'text' | 'json' | 'sarif';

export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  source: string;
}

const usage = `usage: liqo-lint [--format text|json|sarif] [--facts FILE] PATH...
Checks the Liqo manifests (and GPU requests of pods), Liqo's Helm values files and Helm templates in the given
YAML files and directories. Values files are found by name (*liqo*values*.yaml, liqo/**/values*.yaml) or by a
first line "# liqo-values".
Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { format: Format; facts?: string; paths: string[] } {
  let format: Format = 'text';
  let facts: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}": use text, json or sarif`);
      format = f;
    } else if (a === '--facts' || a.startsWith('--facts=')) {
      facts = value('--facts');
    } else if (a === '--help' || a === '-h') {
      throw new UsageError('');
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      paths.push(a);
    }
  }
  if (!paths.length) throw new UsageError('no PATH given');
  return { format, facts, paths };
}

const skipDirs = new Set(['node_modules', '.git']);

function collect(p: string, out: string[]): void {
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const entry of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && skipDirs.has(entry.name)) continue;
      const child = path.join(p, entry.name);
      if (entry.isDirectory()) collect(child, out);
      else if (/\.ya?ml$/i.test(entry.name)) out.push(child);
    }
  } else {
    out.push(p);
  }
}

const severityNames = ['error', 'error', 'warning', 'information', 'hint'] as const;

export function toFinding(file: string, d: Diagnostic): Finding {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: severityNames[d.severity ?? 1],
    code: String(d.code ?? ''),
    message: d.message,
    source: d.source ?? 'liqo',
  };
}

function sarif(findings: Finding[]): object {
  const levels = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'liqo-lint',
          informationUri: 'https://liqo.io',
          rules: allCodes.map((c) => ({
            id: c.code,
            shortDescription: { text: c.summary },
            defaultConfiguration: { level: levels[c.severity] },
          })),
        },
      },
      results: findings.map((f) => ({
        ruleId: f.code,
        level: levels[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: f.file.split(path.sep).join('/') },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        }],
      })),
    }],
  };
}

export async function main(argv: string[], write: (s: string) => void, writeError: (s: string) => void): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      writeError((e.message ? `liqo-lint: ${e.message}\n` : '') + usage + '\n');
      return e.message ? 2 : 0;
    }
    throw e;
  }
  const say = (level: string) => (message: string) => writeError(`liqo-lint: ${level}: ${message}\n`);
  const service = createLanguageService({ logger: { info: () => undefined, warn: say('warning'), error: say('error') }, chartTemplate: chartTemplatePredicate() });
  const files: string[] = [];
  try {
    if (args.facts) service.setFacts(JSON.parse(readFileSync(args.facts, 'utf8')) as ClusterFacts);
    for (const p of args.paths) collect(p, files);
  } catch (e) {
    writeError(`liqo-lint: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const findings: Finding[] = [];
  let ioError = false;
  const docs: { file: string; doc: TextDocument }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      writeError(`liqo-lint: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
      ioError = true;
      continue;
    }
    const doc = TextDocument.create(pathToFileURL(path.resolve(file)).href, 'yaml', 0, text);
    // Every Liqo values file's cluster ID is known before any is checked, so that each sees all the others.
    service.noteValuesFile(doc);
    docs.push({ file, doc });
  }
  for (const { file, doc } of docs) {
    const diagnostics = (await service.validate(doc)) ?? [];
    findings.push(...diagnostics.map((d) => toFinding(file, d)));
  }
  if (args.format === 'json') write(JSON.stringify(findings, null, 2) + '\n');
  else if (args.format === 'sarif') write(JSON.stringify(sarif(findings), null, 2) + '\n');
  else {
    for (const f of findings) write(`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`);
    const errors = findings.filter((f) => f.severity === 'error').length;
    write(`${files.length} file(s) checked, ${errors} error(s), ${findings.length - errors} other finding(s)\n`);
  }
  if (ioError) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

if (require.main === module) {
  void main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => {
    process.exitCode = code;
  });
}
