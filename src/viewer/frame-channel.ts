// The extension-page side of openExtensionFrame: waits for the one init message that carries our secret nonce
// (from the URL hash, which the webmail page cannot read) and keeps the private port it brings.

export interface FrameInit<T> {
  payload: T;
  port: MessagePort;
}

export function receiveInit<T>(win: Window = window, timeoutMs = 30_000): Promise<FrameInit<T>> {
  const nonce = win.location.hash.slice(1);
  return new Promise((resolve, reject) => {
    if (!/^[0-9a-f-]{36}$/.test(nonce)) {
      reject(new Error('missing frame nonce'));
      return;
    }
    const timer = setTimeout(() => {
      win.removeEventListener('message', onMessage);
      reject(new Error('no init message'));
    }, timeoutMs);
    const onMessage = (e: MessageEvent<unknown>) => {
      const d = e.data as { type?: unknown; nonce?: unknown; payload?: unknown } | null;
      // Only the embedding window may initialise us (defence in depth: what we accept is a token, not data).
      if (e.source !== win.parent) return;
      if (!d || typeof d !== 'object' || d.type !== 'smime-frame-init' || d.nonce !== nonce || !e.ports[0]) return;
      clearTimeout(timer);
      win.removeEventListener('message', onMessage);
      resolve({ payload: d.payload as T, port: e.ports[0] });
    };
    win.addEventListener('message', onMessage);
  });
}

/** Keeps the host iframe as tall as this page's content. */
export function reportHeight(port: MessagePort, doc: Document = document): void {
  let last = -1;
  const send = () => {
    const px = Math.ceil(doc.documentElement.scrollHeight);
    if (px !== last) {
      last = px;
      port.postMessage({ type: 'height', px });
    }
  };
  new ResizeObserver(send).observe(doc.body);
  send();
}

/** DOM helper: element with class and text, no HTML strings. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string, ...kids: (Node | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  for (const k of kids) if (k) e.append(k);
  return e;
}
