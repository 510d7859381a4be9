// Opens the extension's own pages in a tab (the popup closes when a file chooser takes focus, so file work
// happens in full pages).
export function openExtensionPage(path: string): void {
  void chrome.tabs.create({ url: chrome.runtime.getURL(path) });
}

export const OPTIONS_PAGE = 'src/options/index.html';
export const OPEN_FILE_PAGE = 'src/open-file/index.html';
