// The Helm fixtures (test/fixtures/helm): where they are, and the findings each must give. A line that ends with
// `# expect LIQO301` must get a finding of that code starting on it; lines without a marker get none.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const helmFixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'helm');

/** Every YAML file under a fixture folder, as absolute paths, sorted. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

/** `line:code` for every marker of a file (lines counted from 1). */
export function expectedFindings(file: string): string[] {
  const out: string[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/# expect (LIQO\d+)/g)) out.push(`${i + 1}:${m[1]}`);
  });
  return [...new Set(out)].sort();
}
