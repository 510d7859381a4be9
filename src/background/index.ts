// Service worker: owns the keystore and runs every CMS operation. Hello-only for now.
chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ping') {
    sendResponse({ type: 'pong', from: 'background' });
  }
  return false;
});
