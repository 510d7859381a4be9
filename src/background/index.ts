// Service worker entry: owns the keystore and runs every CMS operation. Everything is wired in
// service-worker.ts against the real `chrome` and the real engine; listeners attach synchronously.
import { realEngine } from './real-engine';
import { startBackground, type ChromeLike } from './service-worker';
import { attachComposeShortcut, createSendServices } from './send/wire-send';

const browserApi: ChromeLike = chrome;
void startBackground(browserApi, { engine: realEngine, send: createSendServices(chrome) });
attachComposeShortcut(chrome);
