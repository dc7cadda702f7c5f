import { access } from 'node:fs/promises';

/** Where a host CA bundle is mounted in build containers. */
export const CONTAINER_CA_BUNDLE = '/etc/legofactory/ca-bundle.pem';

const HOST_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'];

/** The host's CA bundle (Debian or Red Hat location), or undefined when there is none. */
export async function hostCaBundle(): Promise<string | undefined> {
  for (const path of HOST_BUNDLES) {
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  return undefined;
}

/** Variables that make pip, npm, node, git and curl trust the CA bundle at `path`. */
export function caBundleEnv(path: string): Record<string, string> {
  return {
    PIP_CERT: path,
    npm_config_cafile: path,
    NODE_EXTRA_CA_CERTS: path,
    SSL_CERT_FILE: path,
    REQUESTS_CA_BUNDLE: path,
    CURL_CA_BUNDLE: path,
    GIT_SSL_CAINFO: path,
  };
}
