// Raw WebDriver BiDi for what puppeteer-core does not expose in Firefox: frames that moved into the extension
// process (puppeteer may not track them), and closed shadow roots. Results cross as JSON strings.
import type { Browser, Page } from 'puppeteer-core';

export interface RemoteValue {
  type: string;
  sharedId?: string;
  value?: unknown;
}
type Send = (method: string, params: object) => Promise<{ result: Record<string, unknown> }>;
interface TreeNode {
  context: string;
  url: string;
  children?: TreeNode[] | null;
}

export function bidi(browser: Browser): Send {
  const connection = (browser as unknown as { connection: { send: Send } }).connection;
  return connection.send.bind(connection);
}

export function contextOf(page: Page): string {
  return (page.mainFrame() as unknown as { _id: string })._id;
}

/** The browsing context (frame) under `page` whose URL contains `urlPart`, searched depth-first. */
export async function findContext(browser: Browser, page: Page, urlPart: string, under?: string): Promise<string | null> {
  const { result } = await bidi(browser)('browsingContext.getTree', { root: under ?? contextOf(page) });
  const walk = (nodes: TreeNode[]): TreeNode | null => {
    for (const n of nodes) {
      if (n.url.includes(urlPart)) return n;
      const c = walk(n.children ?? []);
      if (c) return c;
    }
    return null;
  };
  const roots = (result.contexts as TreeNode[]) ?? [];
  return walk(roots.flatMap((r) => r.children ?? []))?.context ?? null;
}

/** Runs `fn` (a function declaration taking the given remote arguments) in a context; returns its JSON result. */
export async function evaluateIn<T>(browser: Browser, context: string, fn: string, args: RemoteValue[] = []): Promise<T> {
  const { result } = await bidi(browser)('script.callFunction', {
    functionDeclaration: `(...a) => JSON.stringify((${fn})(...a))`,
    target: { context },
    awaitPromise: false,
    arguments: args.map((a) => ({ sharedId: a.sharedId })),
  });
  if (result.type !== 'success') throw new Error(`script failed in ${context}: ${JSON.stringify(result.exceptionDetails)}`);
  const v = (result.result as RemoteValue).value;
  return (v === undefined ? undefined : JSON.parse(v as string)) as T;
}

/** The elements matching `selector` in the page, each with its shadow root even when closed. */
export async function elementsWithShadowRoots(browser: Browser, page: Page, selector: string): Promise<{ host: RemoteValue; shadow: RemoteValue | null }[]> {
  const { result } = await bidi(browser)('script.callFunction', {
    functionDeclaration: `() => [...document.querySelectorAll(${JSON.stringify(selector)})]`,
    target: { context: contextOf(page) },
    awaitPromise: false,
    resultOwnership: 'root',
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: 0 },
  });
  const nodes = ((result.result as RemoteValue | undefined)?.value as RemoteValue[] | undefined) ?? [];
  return nodes.map((host) => ({ host, shadow: (host.value as { shadowRoot?: RemoteValue | null } | undefined)?.shadowRoot ?? null }));
}
