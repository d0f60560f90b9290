"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.bundledSchemas = void 0;
exports.resourceOf = resourceOf;
// The bundled JSON Schemas of the Liqo kinds, one per kind and version.
// The JSON files beside this file are made by generate.ts from Liqo's CRDs; see README.md for where their facts
// come from. Each file carries its API coordinates in the `x-liqo-resource` key.
const configuration_v1beta1_schema_json_1 = __importDefault(require("./configuration.v1beta1.schema.json"));
const connection_v1beta1_schema_json_1 = __importDefault(require("./connection.v1beta1.schema.json"));
const foreigncluster_v1beta1_schema_json_1 = __importDefault(require("./foreigncluster.v1beta1.schema.json"));
const gatewayclient_v1beta1_schema_json_1 = __importDefault(require("./gatewayclient.v1beta1.schema.json"));
const gatewayserver_v1beta1_schema_json_1 = __importDefault(require("./gatewayserver.v1beta1.schema.json"));
const identity_v1beta1_schema_json_1 = __importDefault(require("./identity.v1beta1.schema.json"));
const namespacemap_v1beta1_schema_json_1 = __importDefault(require("./namespacemap.v1beta1.schema.json"));
const namespaceoffloading_v1beta1_schema_json_1 = __importDefault(require("./namespaceoffloading.v1beta1.schema.json"));
const publickey_v1beta1_schema_json_1 = __importDefault(require("./publickey.v1beta1.schema.json"));
const quota_v1beta1_schema_json_1 = __importDefault(require("./quota.v1beta1.schema.json"));
const resourceslice_v1beta1_schema_json_1 = __importDefault(require("./resourceslice.v1beta1.schema.json"));
const shadowpod_v1beta1_schema_json_1 = __importDefault(require("./shadowpod.v1beta1.schema.json"));
const tenant_v1beta1_schema_json_1 = __importDefault(require("./tenant.v1beta1.schema.json"));
const virtualnode_v1beta1_schema_json_1 = __importDefault(require("./virtualnode.v1beta1.schema.json"));
/** The API facts of a bundled schema. */
function resourceOf(schema) {
    return schema['x-liqo-resource'];
}
function toKindSchema(schema) {
    const r = resourceOf(schema);
    return { group: r.group, version: r.version, kind: r.kind, plural: r.plural, scope: r.scope, schema };
}
// Typed as plain objects on purpose: the inferred literal types of these files are huge and useless.
const files = [
    foreigncluster_v1beta1_schema_json_1.default, resourceslice_v1beta1_schema_json_1.default, namespaceoffloading_v1beta1_schema_json_1.default, virtualnode_v1beta1_schema_json_1.default, tenant_v1beta1_schema_json_1.default, identity_v1beta1_schema_json_1.default, quota_v1beta1_schema_json_1.default, namespacemap_v1beta1_schema_json_1.default, shadowpod_v1beta1_schema_json_1.default,
    configuration_v1beta1_schema_json_1.default, gatewayserver_v1beta1_schema_json_1.default, gatewayclient_v1beta1_schema_json_1.default, publickey_v1beta1_schema_json_1.default, connection_v1beta1_schema_json_1.default,
];
exports.bundledSchemas = files.map(toKindSchema);
//# sourceMappingURL=index.js.map