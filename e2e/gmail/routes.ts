// The part of Playwright's request routing that the Gmail replica and the API mocks use. Playwright's
// BrowserContext provides it for Chromium; e2e/firefox/route-proxy.ts provides the same for Firefox (an HTTPS proxy
// on 127.0.0.1), so one replica serves both browsers.

export interface RoutedRequest {
  url(): string;
  method(): string;
  headers(): Record<string, string>;
  postDataBuffer(): Buffer | null;
}

export interface RouteFulfillment {
  status?: number;
  headers?: Record<string, string>;
  contentType?: string;
  body?: string | Buffer;
}

export interface RouteLike {
  request(): RoutedRequest;
  fulfill(response: RouteFulfillment): Promise<void>;
  /** Leave the request to the handler registered before this one. */
  fallback(): Promise<void>;
}

export interface RouteHost {
  /** A later route is tried first, as in Playwright. Strings are URL globs (`**` any characters, `*` no slash). */
  route(url: string | RegExp, handler: (route: RouteLike) => unknown): Promise<unknown>;
  on(event: 'request', listener: (request: RoutedRequest) => void): unknown;
}

/** Playwright's URL glob: `**` matches anything, `*` anything but a slash, `?` is literal in URLs. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
