// Popup entry: mounts the certificate manager UI.
import { render } from 'preact';

function Popup() {
  return <p id="hello">{chrome.i18n.getMessage('popupHello')}</p>;
}

render(<Popup />, document.getElementById('app')!);
