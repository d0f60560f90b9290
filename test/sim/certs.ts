// Per-cluster PKI minted in-process: a CA, a serving certificate for 127.0.0.1 and an admin client certificate.
// Keys come from node's native generator (fast); node-forge only builds and signs the X.509 structures.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const genKey = promisify(generateKeyPair);

export interface Pem { cert: string; key: string }
export interface ClusterPki { ca: Pem; server: Pem; admin: Pem }

async function rsaKey(): Promise<{ priv: forge.pki.rsa.PrivateKey; pub: forge.pki.rsa.PublicKey; pem: string }> {
  const { privateKey } = await genKey('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const priv = forge.pki.privateKeyFromPem(privateKey);
  const pub = forge.pki.setRsaPublicKey(priv.n, priv.e);
  return { priv, pub, pem: privateKey };
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

/** Mints the CA and the two leaf certificates of one simulated cluster. */
export async function mintClusterPki(clusterName: string): Promise<ClusterPki> {
  const [caKey, serverKey, adminKey] = await Promise.all([rsaKey(), rsaKey(), rsaKey()]);
  const caSubject = [{ name: 'commonName', value: `${clusterName}-ca` }];
  const ca = baseCert(caKey.pub, caSubject, 3650);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey.priv, forge.md.sha256.create());

  const server = baseCert(serverKey.pub, [{ name: 'commonName', value: 'kube-apiserver' }], 365);
  server.setIssuer(caSubject);
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  server.sign(caKey.priv, forge.md.sha256.create());

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
  admin.sign(caKey.priv, forge.md.sha256.create());

  const pem = (c: forge.pki.Certificate): string => forge.pki.certificateToPem(c);
  return {
    ca: { cert: pem(ca), key: caKey.pem },
    server: { cert: pem(server), key: serverKey.pem },
    admin: { cert: pem(admin), key: adminKey.pem },
  };
}
