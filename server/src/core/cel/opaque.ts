// The Kubernetes CEL libraries return values of their own types (Quantity, URL, IP, CIDR, Format, optional).
// @bufbuild/cel has no opaque values, only protobuf messages, so each type is a small message built at startup.
// Every message holds one canonical string, so CEL's message equality is the value equality Kubernetes defines
// (quantity('1') == quantity('1000m'), cidr('10.0.0.1/8') != cidr('10.0.0.0/8')).
import { objectType, type CelObjectType } from '@bufbuild/cel';
import { create, createFileRegistry, type DescMessage, type FileRegistry, type Message } from '@bufbuild/protobuf';
import { isReflectMessage, type ReflectMessage } from '@bufbuild/protobuf/reflect';
import {
  FieldDescriptorProto_Label as Label, FieldDescriptorProto_Type as Type, FileDescriptorProtoSchema,
} from '@bufbuild/protobuf/wkt';

const field = (name: string, number: number, type: Type, label = Label.OPTIONAL): Record<string, unknown> => ({ name, number, type, label, jsonName: name });
const scalar = (name: string): Record<string, unknown> => ({ name, field: [field('repr', 1, Type.STRING)] });

const files = [
  create(FileDescriptorProtoSchema, {
    name: 'liqo/cel/kubernetes.proto', package: 'kubernetes', syntax: 'proto3',
    messageType: [
      scalar('Quantity'), scalar('URL'), scalar('NamedFormat'),
      // An optional of the two things the format library wraps: a format, or a list of error strings.
      { name: 'Optional', field: [field('present', 1, Type.BOOL), field('repr', 2, Type.STRING), field('items', 3, Type.STRING, Label.REPEATED)] },
    ],
  }),
  create(FileDescriptorProtoSchema, {
    name: 'liqo/cel/net.proto', package: 'net', syntax: 'proto3', messageType: [scalar('IP'), scalar('CIDR')],
  }),
];

/** The registry the CEL environment resolves these message types in. */
export const opaqueRegistry: FileRegistry = createFileRegistry(...files.map((f) => createFileRegistry(f, () => undefined)));

/** One opaque type: its CEL type, a constructor from its canonical text, and the text back. */
export class OpaqueType {
  readonly desc: DescMessage;
  readonly type: CelObjectType;
  constructor(typeName: string) {
    const desc = opaqueRegistry.getMessage(typeName);
    if (!desc) throw new Error(`missing descriptor ${typeName}`);
    this.desc = desc;
    this.type = objectType(desc);
  }
  make(repr: string): Message {
    return create(this.desc, { repr });
  }
  repr(value: ReflectMessage): string {
    return (value.message as unknown as { repr: string }).repr;
  }
}

export const QuantityType = new OpaqueType('kubernetes.Quantity');
export const URLType = new OpaqueType('kubernetes.URL');
export const FormatType = new OpaqueType('kubernetes.NamedFormat');
export const IPType = new OpaqueType('net.IP');
export const CIDRType = new OpaqueType('net.CIDR');

const optionalDesc = opaqueRegistry.getMessage('kubernetes.Optional');
if (!optionalDesc) throw new Error('missing descriptor kubernetes.Optional');
export const OptionalType = objectType(optionalDesc);

interface OptionalShape { present: boolean; repr: string; items: string[] }

export const optional = {
  none: (): Message => create(optionalDesc, { present: false }),
  ofFormat: (name: string): Message => create(optionalDesc, { present: true, repr: name }),
  ofList: (items: string[]): Message => create(optionalDesc, { present: true, items }),
  read: (value: ReflectMessage): OptionalShape => value.message as unknown as OptionalShape,
};

/** The canonical text inside a value of one of these types (a URL can be long: the budget charges for it). */
export function reprOf(v: unknown): string | undefined {
  if (!isReflectMessage(v)) return undefined;
  const repr = (v.message as { repr?: unknown }).repr;
  return typeof repr === 'string' ? repr : undefined;
}
