// One JSON Schema for yaml-language-server that covers the 14 Liqo kinds, built from the same bundled schemas our
// server uses. Each kind's schema is applied through if/then on apiVersion and kind, which is the cheapest form for
// a JSON Schema validator (an anyOf would make it try all 14 kinds on every document).
import * as fs from 'fs';
import * as path from 'path';

interface KindSchema {
  properties: { apiVersion: { enum: string[] }; kind: { enum: string[] } };
}

/** Reads schemas/*.schema.json and returns the combined schema and the kinds it covers. */
export function combinedSchema(schemaDir: string): { schema: object; kinds: string[] } {
  const files = fs.readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json')).sort();
  const kinds: string[] = [];
  const branches = files.map((file) => {
    const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')) as KindSchema;
    const apiVersion = schema.properties.apiVersion.enum[0];
    const kind = schema.properties.kind.enum[0];
    kinds.push(kind);
    return {
      if: { required: ['apiVersion', 'kind'], properties: { apiVersion: { enum: [apiVersion] }, kind: { enum: [kind] } } },
      then: schema,
    };
  });
  return {
    schema: { title: 'Liqo manifests (benchmark)', type: 'object', allOf: branches },
    kinds,
  };
}

/** Writes the combined schema into `dir` and returns its path. */
export function writeCombinedSchema(schemaDir: string, dir: string): { file: string; kinds: string[] } {
  const { schema, kinds } = combinedSchema(schemaDir);
  const file = path.join(dir, 'liqo-kinds.schema.json');
  fs.writeFileSync(file, JSON.stringify(schema));
  return { file, kinds };
}
