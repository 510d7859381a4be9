// Loads everything the certificate manager shows in one go, and reloads it after each change.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ContactView, IdentityView, KeystoreStatus, Settings, TrustAnchorView } from '../shared/messages';
import { errorTextOf } from '../ui/error-text';
import { callOrThrow } from '../ui/rpc';

export interface ManagerData {
  status: KeystoreStatus;
  identities: IdentityView[];
  contacts: ContactView[];
  anchors: TrustAnchorView[];
  settings: Settings;
}

export function useManagerData(): { data: ManagerData | null; error: string; reload(): Promise<void> } {
  const [data, setData] = useState<ManagerData | null>(null);
  const [error, setError] = useState('');
  const reload = useCallback(async () => {
    try {
      const [status, ids, contacts, anchors, settings] = await Promise.all([
        callOrThrow('keystore-status', {}),
        callOrThrow('list-identities', {}),
        callOrThrow('list-contacts', {}),
        callOrThrow('list-trust-anchors', {}),
        callOrThrow('get-settings', {}),
      ]);
      setData({ status, identities: ids.identities, contacts: contacts.contacts, anchors: anchors.anchors, settings });
      setError('');
    } catch (e) {
      setError(errorTextOf(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}
