// Puts the replica's demo CA (as a trust anchor) and the demo identity into the extension's keystore, through the
// message API as the options page would, for the e2e suites that read mail from the Gmail replica.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ExtensionSession } from './extension';
import { openExtensionRpc } from './extension-rpc';

export async function setUpDemoKeystore(s: ExtensionSession, fixtures: string): Promise<void> {
  const rpc = await openExtensionRpc(s.context, s.extensionId);
  const anchor = await rpc.call('add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixtures, 'demo-ca.crt'))) });
  expect(anchor.ok, JSON.stringify(anchor.error)).toBe(true);
  const id = await rpc.call('import-identity', { file: new Uint8Array(readFileSync(join(fixtures, 'demo-identity.p12'))), fileName: 'demo-identity.p12', password: 'demo' });
  expect(id.ok, JSON.stringify(id.error)).toBe(true);
  await rpc.page.close();
}
