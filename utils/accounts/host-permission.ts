/**
 * The optional host permission for an operator's own server (test-push server, token server, API
 * relay): exactly its origin, port included, nothing wider. Chrome's match patterns take a port
 * (without one a pattern covers every port of the host), so https://relay.example.com:8443/wx asks
 * for https://relay.example.com:8443/* only. The URL must already be valid.
 */
export function originPermissionPattern(url: string): string {
  return `${new URL(url.trim()).origin}/*`;
}
