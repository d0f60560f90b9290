// Per-cluster PKI minted in-process: a CA, a serving certificate for 127.0.0.1 and an admin client certificate.
// Keys come from node's native generator (fast); node-forge only builds and signs the X.509 structures.
import { generateKeyPair, sign } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const genKey = promisify(generateKeyPair);

export interface Pem { cert: string; key: string }
export interface ClusterPki { ca: Pem; server: Pem; admin: Pem }

interface Key { pub: forge.pki.rsa.PublicKey; pem: string }

// Key generation dominates start-up with many clusters, so keys come from a small pool: every cluster
// still has its own CA certificate and leaf certificates, but in scale mode clusters share key material.
const POOL_SIZE = 6;
const pool: Promise<Key>[] = [];
let nextKey = 0;
function pooledKey(): Promise<Key> {
  const i = nextKey++ % POOL_SIZE;
  pool[i] ??= rsaKey();
  return pool[i];
}

async function rsaKey(): Promise<Key> {
  const { privateKey } = await genKey('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const priv = forge.pki.privateKeyFromPem(privateKey);
  const pub = forge.pki.setRsaPublicKey(priv.n, priv.e);
  return { pub, pem: privateKey };
}

let serial = 1;
function baseCert(pub: forge.pki.PublicKey, subject: forge.pki.CertificateField[], days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = '01' + (Date.now() * 100 + serial++).toString(16);
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  cert.setSubject(subject);
  return cert;
}

/** Signs with node's native RSA (forge's pure-JS big integers are far too slow for many clusters). */
function signCert(cert: forge.pki.Certificate, caKeyPem: string): void {
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  cert.siginfo.algorithmOid = oid;
  (cert as unknown as { signatureOid: string }).signatureOid = oid;
  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  (cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = sign('sha256', der, caKeyPem).toString('binary');
}

/** Mints the CA and the two leaf certificates of one simulated cluster. */
export async function mintClusterPki(clusterName: string): Promise<ClusterPki> {
  const [caKey, serverKey, adminKey] = await Promise.all([pooledKey(), pooledKey(), pooledKey()]);
  const caSubject = [{ name: 'commonName', value: `${clusterName}-ca` }];
  const ca = baseCert(caKey.pub, caSubject, 3650);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCert(ca, caKey.pem);

  const server = baseCert(serverKey.pub, [{ name: 'commonName', value: 'kube-apiserver' }], 365);
  server.setIssuer(caSubject);
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  signCert(server, caKey.pem);

  // The admin identity is the one kubeadm writes: CN kubernetes-admin in group system:masters.
  const admin = baseCert(adminKey.pub, [
    { name: 'commonName', value: 'kubernetes-admin' },
    { name: 'organizationName', value: 'system:masters' },
  ], 365);
  admin.setIssuer(caSubject);
  admin.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  signCert(admin, caKey.pem);

  const pem = (c: forge.pki.Certificate): string => forge.pki.certificateToPem(c);
  return {
    ca: { cert: pem(ca), key: caKey.pem },
    server: { cert: pem(server), key: serverKey.pem },
    admin: { cert: pem(admin), key: adminKey.pem },
  };
}
