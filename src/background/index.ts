// Service worker entry: owns the keystore and runs every CMS operation. Everything is wired in
// service-worker.ts against the real `chrome` and the real engine; listeners attach synchronously.
import { realEngine } from './real-engine';
import { startBackground, type ChromeLike } from './service-worker';
import { attachComposeShortcut, createSendServices } from './send/wire-send';
import { startExpiryAlerts } from './expiry-alerts';

const browserApi: ChromeLike = chrome;
const ready = startBackground(browserApi, { engine: realEngine, send: createSendServices(chrome) });
startExpiryAlerts(chrome, ready);
attachComposeShortcut(chrome);
