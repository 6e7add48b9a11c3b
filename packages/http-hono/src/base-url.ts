/** Absolute URL of the mount point, from the middleware's own pattern (`/api/:tenant/t/*`). */
export function baseUrlOf(requestUrl: string, path: string, routePath: string): string {
  const depth = routePath.replace(/\/?\*$/u, '').split('/').filter(Boolean).length;
  const prefix = path.split('/').filter(Boolean).slice(0, depth);
  return new URL(requestUrl).origin + (prefix.length ? `/${prefix.join('/')}` : '');
}
