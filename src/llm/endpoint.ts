/**
 * The base URL of a model endpoint as it may be stored and shown: no user name, password, query or
 * fragment (where some servers take keys), and no trailing slash. Config hashes and trajectories carry it.
 */
export function publicEndpoint(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return baseUrl.replace(/[?#].*$/, '').replace(/\/+$/, '');
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}
