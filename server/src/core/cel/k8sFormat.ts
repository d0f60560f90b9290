// The Kubernetes format library (k8s.io/apiserver/pkg/cel/library/format.go): format.<name>() and
// format.named(name), whose validate(s) gives optional.none() for a valid string, else the list of
// apimachinery's error messages. Patterns run on RE2 (the text comes from the manifest).
import { CelScalar, celFunc, celMethod, type CelFunc } from '@bufbuild/cel';
import type { ReflectMessage } from '@bufbuild/protobuf/reflect';
import type { RE2JS } from 're2js';
import { compileRe2 } from '../re2';
import { dns1123Label, dns1123Subdomain } from '../../liqo/syntax';
import { formats } from '../schemaPrepare';
import { parseGoURL } from './k8sUrl';
import { FormatType, OptionalType, optional } from './opaque';

const re = (source: string): RE2JS => compileRe2(source);
const label = re(dns1123Label.source);
const subdomain = re(dns1123Subdomain.source);
const dns1035 = re('^[a-z]([-a-z0-9]*[a-z0-9])?$');
const qualifiedNamePart = re('^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$');
const uuid = re('^(?i)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$');
const date = re('^([0-9]{4})-([0-9]{2})-([0-9]{2})$');

const qualifiedHelp = "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function tooLong(s: string, max: number): string[] {
  return s.length > max ? [`must be no more than ${max} characters`] : [];
}

function isDNS1123Label(s: string): string[] {
  return [...tooLong(s, 63), ...(label.matches(s) ? [] : ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"])];
}

function isDNS1123Subdomain(s: string): string[] {
  return [...tooLong(s, 253), ...(subdomain.matches(s) ? [] : ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"])];
}

function isDNS1035Label(s: string): string[] {
  return [...tooLong(s, 63), ...(dns1035.matches(s) ? [] : ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"])];
}

function isQualifiedName(s: string): string[] {
  const parts = s.split('/');
  if (parts.length > 2) return [`a qualified name must consist of ${qualifiedHelp} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const errs: string[] = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(parts[0]).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!qualifiedNamePart.matches(name)) errs.push(`name part must consist of ${qualifiedHelp}`);
  return errs;
}

function isLabelValue(s: string): string[] {
  return [...tooLong(s, 63), ...(s === '' || qualifiedNamePart.matches(s) ? [] : ["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"])];
}

/** apimachinery's NameIs* with prefix=true: a generateName may end in '-'. */
const asPrefix = (check: (s: string) => string[]) => (s: string): string[] => check(s.length > 1 && s.endsWith('-') ? `${s.slice(0, -1)}a` : s);

function isDate(s: string): boolean {
  const m = date.matcher(s);
  if (!m.matches()) return false;
  const [y, mo, d] = [1, 2, 3].map((g) => Number(m.group(g)));
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const validators: Record<string, (s: string) => string[]> = {
  dns1123Label: isDNS1123Label,
  dns1123Subdomain: isDNS1123Subdomain,
  dns1035Label: isDNS1035Label,
  qualifiedName: isQualifiedName,
  dns1123LabelPrefix: asPrefix(isDNS1123Label),
  dns1123SubdomainPrefix: asPrefix(isDNS1123Subdomain),
  dns1035LabelPrefix: asPrefix(isDNS1035Label),
  labelValue: isLabelValue,
  uri: (s) => {
    try { parseGoURL(s, true); return []; } catch (e) { return [`parse ${JSON.stringify(s)}: ${e instanceof Error ? e.message : String(e)}`]; }
  },
  uuid: (s) => (uuid.matches(s) ? [] : ['does not match the UUID format']),
  byte: (s) => (formats.byte.validate(s as never) ? [] : ['invalid base64']),
  date: (s) => (isDate(s) ? [] : ['invalid date']),
  datetime: (s) => (formats['date-time'].validate(s as never) ? [] : ['invalid datetime']),
};

const { STRING, BOOL, DYN } = CelScalar;
const F = FormatType.type;
const O = OptionalType;

function value(o: ReflectMessage): ReturnType<typeof FormatType.make> | string[] {
  const v = optional.read(o);
  if (!v.present) throw new Error('optional.none() dereference');
  return v.repr ? FormatType.make(v.repr) : [...v.items];
}

export const formatFuncs: CelFunc[] = [
  ...Object.keys(validators).map((name) => celFunc(`format.${name}`, [], F, () => FormatType.make(name))),
  celFunc('format.named', [STRING], O, (name) => (Object.hasOwn(validators, name) ? optional.ofFormat(name) : optional.none())),
  celMethod('validate', F, [STRING], O, function (s) {
    const errors = validators[FormatType.repr(this)](s);
    return errors.length ? optional.ofList(errors) : optional.none();
  }),
  celMethod('hasValue', O, [], BOOL, function () { return optional.read(this).present; }),
  celMethod('value', O, [], DYN, function () { return value(this); }),
  celMethod('orValue', O, [DYN], DYN, function (other) { return optional.read(this).present ? value(this) : other; }),
];
