// "My certificates": the user's identities and their contacts' certificates in one list, sorted by address.
import type { JSX } from 'preact';
import { t } from '../ui/i18n';
import { ContactCard } from './contact-card';
import { ContactImport } from './contact-import';
import { IdentityCard } from './identity-card';
import type { ManagerData } from './use-manager-data';

interface Entry {
  sortKey: string;
  node: JSX.Element;
}

export function CertificateList({ data, onChanged }: { data: ManagerData; onChanged(): void }) {
  const warnDays = data.settings.expiryWarningDays;
  const shared = new Map<string, number>();
  for (const i of data.identities) for (const a of i.emails) shared.set(a, (shared.get(a) ?? 0) + 1);

  const entries: Entry[] = [];
  for (const i of data.identities) {
    entries.push({
      // Own certificates first within an address, newest first.
      sortKey: `${i.emails[0] ?? '~'}\u0000a\u0000${9999999999999 - new Date(i.summary.notAfter).getTime()}`,
      node: <IdentityCard key={`i-${i.id}`} identity={i} sharedAddresses={shared} warnDays={warnDays} onChanged={onChanged} />,
    });
  }
  for (const c of data.contacts) {
    for (const cert of c.certificates) {
      entries.push({
        sortKey: `${c.address}\u0000b\u0000${c.current === cert.id ? 0 : 1}${cert.lastSeen}`,
        node: <ContactCard key={`c-${c.address}-${cert.id}`} contact={c} certificate={cert} warnDays={warnDays} onChanged={onChanged} />,
      });
    }
  }
  entries.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));

  return (
    <section id="certificates">
      <h2>{t('certListTitle')}</h2>
      <ContactImport onAdded={onChanged} />
      {entries.length === 0 ? <p class="muted" data-test="no-certificates">{t('certListEmpty')}</p> : entries.map((e) => e.node)}
    </section>
  );
}
