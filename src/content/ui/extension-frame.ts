// Opens an extension-origin page (details, decrypted content) in an iframe inside our closed shadow root and hands
// it a payload (a one-time token) over a private MessageChannel. The page cannot see the frame's URL, so the nonce in its hash proves
// to the frame that the init message comes from us and not from the webmail page.

export interface FrameMessage {
  type: string;
  [key: string]: unknown;
}

export interface ExtensionFrame {
  readonly iframe: HTMLIFrameElement;
  destroy(): void;
}

export interface OpenFrameOptions {
  page: string; // e.g. 'src/viewer/details.html'
  /** Sent once the frame loads; a promise is awaited first (e.g. a token being staged). */
  payload: unknown;
  sandbox?: string; // iframe sandbox tokens; omitted = not sandboxed
  title: string;
  initialHeight: number;
  onMessage?(message: FrameMessage): void;
}

const MIN_HEIGHT = 32;
const MAX_HEIGHT = 6000;

export function openExtensionFrame(doc: Document, parent: HTMLElement, opts: OpenFrameOptions): ExtensionFrame {
  const nonce = crypto.randomUUID();
  const url = chrome.runtime.getURL(opts.page);
  const origin = new URL(url).origin;
  const iframe = doc.createElement('iframe');
  if (opts.sandbox !== undefined) iframe.setAttribute('sandbox', opts.sandbox);
  iframe.setAttribute('title', opts.title);
  iframe.setAttribute('referrerpolicy', 'no-referrer');
  iframe.style.height = `${opts.initialHeight}px`;
  iframe.src = `${url}#${nonce}`;
  let port: MessagePort | null = null;
  let initialised = false;
  const onLoad = () => {
    if (initialised || !iframe.contentWindow) return; // init once; a reload of the frame gets nothing more
    initialised = true;
    void Promise.resolve(opts.payload).then(
      (payload) => init(payload),
      () => init(null),
    );
  };
  const init = (payload: unknown) => {
    if (!iframe.contentWindow) return;
    const channel = new MessageChannel();
    port = channel.port1;
    port.onmessage = (e: MessageEvent<unknown>) => {
      const m = e.data as FrameMessage | null;
      if (!m || typeof m !== 'object' || typeof m.type !== 'string') return;
      if (m.type === 'height' && typeof m.px === 'number' && Number.isFinite(m.px)) {
        iframe.style.height = `${Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(m.px)))}px`;
        return;
      }
      opts.onMessage?.(m);
    };
    iframe.contentWindow.postMessage({ type: 'smime-frame-init', nonce, payload }, origin, [channel.port2]);
  };
  iframe.addEventListener('load', onLoad);
  parent.append(iframe);
  return {
    iframe,
    destroy() {
      port?.close();
      iframe.remove();
    },
  };
}
