// TLS trusting exactly one certificate, the way a Lightning node is reached: that certificate is the only
// root (it replaces the bundled ones), and the server must present that very certificate (LND's tls.cert) or
// one it issued (CLNRest's ca.pem), whatever host name the node is reached by: a node's self-made
// certificate names localhost and its own addresses, rarely the name we use.
import { X509Certificate } from "node:crypto";
import type { ConnectionOptions, DetailedPeerCertificate, PeerCertificate } from "node:tls";

export function trustOnly(certificatePem: string): Pick<ConnectionOptions, "ca" | "checkServerIdentity"> {
  const pinned = new X509Certificate(certificatePem).fingerprint256;
  return {
    ca: certificatePem,
    // Node hands over the detailed certificate (with its issuer) here.
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      cert.fingerprint256 === pinned || (cert as Partial<DetailedPeerCertificate>).issuerCertificate?.fingerprint256 === pinned
        ? undefined
        : new Error("the server presented a certificate other than the pinned one"),
  };
}
