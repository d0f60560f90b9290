// Precompiles the bundled schemas into ajv standalone code (schemas/validators.generated.json), so the language
// server does not spend its cold start generating validator code. Run by hand after the schemas or the schema
// keywords change (a unit test fails when the file is stale):
//   npx tsc -b && node out/server/src/tools/precompileSchemas.js
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { transformSync } from 'esbuild';
import { bundledSchemas } from '../../../schemas/index';
import { addKeywords, celCheck, listTypeCheck, RUNTIME_MODULE } from '../core/schemaKeywords';
import { PREPARE_VERSION, hashText, prepareSchema } from '../core/schemaPrepare';
import { AJV_OPTIONS } from '../core/schemas';
import { ajvRegExpEngine } from '../core/re2';
import type { PrecompiledFile } from '../core/schemaPrecompiled';

function main(): void {
  // Code generation time does not matter here, so ajv may optimise the code it writes.
  const regExp = ajvRegExpEngine(RUNTIME_MODULE);
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, regExp, formats: _`require(${RUNTIME_MODULE}).formats` } });
  addKeywords(ajv, { cel: celCheck, listType: listTypeCheck, lazy: () => () => null, regExp });
  const out: PrecompiledFile = { prepareVersion: PREPARE_VERSION, ajvVersion: readAjvVersion(), roots: {}, lazy: {} };
  for (const kind of bundledSchemas) {
    const prepared = prepareSchema(kind.schema);
    out.roots[hashText(JSON.stringify(kind.schema))] = codeOf(ajv, prepared.schema);
    for (const [key, sub] of prepared.lazy) {
      out.lazy[key] ??= codeOf(ajv, sub);
    }
  }
  const file = path.resolve(__dirname, '..', '..', '..', '..', 'schemas', 'validators.generated.json');
  fs.writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
  const size = fs.statSync(file).size;
  console.log(`${Object.keys(out.roots).length} kinds, ${Object.keys(out.lazy).length} subtrees, ${Math.round(size / 1024)} KiB -> ${file}`);
}

/** ajv's standalone code, minified: the code is a string in the bundle, which the bundler cannot shrink. */
function codeOf(ajv: Ajv, schema: object): string {
  return transformSync(standaloneCode(ajv, ajv.compile(schema)), { minify: true }).code;
}

function readAjvVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(require.resolve('ajv/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

main();
