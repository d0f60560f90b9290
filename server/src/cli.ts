// liqo-lint: the editor's checks over files, for CI. Same core, same diagnostics.
// Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { collectFiles, readRegularFile } from './cliFiles';
import { stripControl } from './core/escape';
import { maxFileBytes, mentionsLiqo } from './core/parse';
import { createLanguageService } from './core/service';
import { allCodes, catalog } from './core/rules/codes';
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

/** A facts file holds every cluster's served schemas; far below this even for a large fleet. */
const maxFactsBytes = 64 * 1024 * 1024;

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

/**
 * A file's SARIF location: relative to %SRCROOT% (the directory liqo-lint ran in) when it is under it, as GitHub
 * code scanning expects, else an absolute file URI; each path segment percent-encoded (a space, `#` or `%` in a
 * name would otherwise make another URI).
 */
function artifactLocation(file: string, base: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(file);
  const rel = path.relative(base, absolute);
  if (rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(absolute).href };
}

function sarif(findings: Finding[], base: string): object {
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
            artifactLocation: artifactLocation(f.file, base),
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        }],
      })),
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(base + path.sep).href } },
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
  // Everything said on stderr or in text output may hold a file's name or text: no control characters.
  const say = (level: string) => (message: string) => writeError(`liqo-lint: ${level}: ${stripControl(message)}\n`);
  const service = createLanguageService({ logger: { info: () => undefined, warn: say('warning'), error: say('error') }, chartTemplate: chartTemplatePredicate() });
  const files: string[] = [];
  try {
    if (args.facts) {
      const read = readRegularFile(args.facts, maxFactsBytes);
      if (read.kind !== 'text') throw new Error(`${args.facts} is over the ${maxFactsBytes / 1048576} MB a facts file may have`);
      service.setFacts(JSON.parse(read.text) as ClusterFacts);
    }
    const collected = collectFiles(args.paths);
    files.push(...collected.files);
    for (const s of collected.skipped) say('skipped')(s);
  } catch (e) {
    writeError(`liqo-lint: ${stripControl(e instanceof Error ? e.message : String(e))}\n`);
    return 2;
  }
  const findings: Finding[] = [];
  let ioError = false;
  const docs: { file: string; doc: TextDocument }[] = [];
  for (const file of files) {
    let read: ReturnType<typeof readRegularFile>;
    try {
      read = readRegularFile(file, maxFileBytes);
    } catch (e) {
      writeError(`liqo-lint: cannot read ${stripControl(file)}: ${stripControl(e instanceof Error ? e.message : String(e))}\n`);
      ioError = true;
      continue;
    }
    if (read.kind === 'tooBig') {
      // As the editor says it, without reading the rest: only files that look like Liqo's are worth the line.
      if (mentionsLiqo(read.head)) {
        const firstLine = read.head.split('\n', 1)[0];
        findings.push({
          file, line: 1, column: 1, endLine: 1, endColumn: firstLine.length + 1, severity: 'warning', code: catalog.notChecked.code, source: 'liqo',
          message: `File not checked: it is ${(read.size / 1048576).toFixed(1)} MB, over the ${maxFileBytes / 1048576} MB limit.`,
        });
      }
      continue;
    }
    const doc = TextDocument.create(pathToFileURL(path.resolve(file)).href, 'yaml', 0, read.text);
    // Every Liqo values file's cluster ID is known before any is checked, so that each sees all the others.
    service.noteValuesFile(doc);
    docs.push({ file, doc });
  }
  for (const { file, doc } of docs) {
    const diagnostics = (await service.validate(doc)) ?? [];
    findings.push(...diagnostics.map((d) => toFinding(file, d)));
  }
  if (args.format === 'json') write(JSON.stringify(findings, null, 2) + '\n');
  else if (args.format === 'sarif') write(JSON.stringify(sarif(findings, process.cwd()), null, 2) + '\n');
  else {
    for (const f of findings) write(stripControl(`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}`).replace(/[\r\n]+/g, ' ') + '\n');
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
