// Renders the verdict model for a person: the summary (the status bar's words), who signed, who issued the
// certificate, a line per check, and the technical facts folded away. Used by the Details frame in webmail and by
// "Open a message file", so both say the same thing.
import type { VerifyResult } from '../crypto/types';
import type { Verdict } from '../content/verdict';
import { t } from './i18n';
import { Notice } from './notice';
import { verdictModel, type Fact } from './verdict-model';

const CHECK_ICON = { good: '\u2713', bad: '\u2717', warn: '!', neutral: '\u2013' } as const;

function Facts({ facts, test }: { facts: Fact[]; test?: string }) {
  return (
    <dl class="facts" data-test={test}>
      {facts.map((f) => [
        <dt key={`${f.label}-dt`}>{f.label}</dt>,
        // Data (names, addresses, hex) is not words to translate: marked so the language test leaves it.
        <dd key={`${f.label}-dd`} class={f.data ? 'data' : undefined}>
          {f.value}
        </dd>,
      ])}
    </dl>
  );
}

export function VerdictDetails({ result, verdict, showSummary = true, technical = [] }: { result: VerifyResult; verdict?: Verdict; showSummary?: boolean; technical?: Fact[] }) {
  const m = verdictModel(result, verdict);
  return (
    <div class="verdict-details" data-test="verdict" data-kind={m.verdict.kind}>
      {showSummary && (
        <Notice tone={m.verdict.tone} test="verdict-text">
          {m.summary}
        </Notice>
      )}
      {m.notes.map((n, i) => (
        <Notice tone="warn" key={i} test="verdict-warning">
          {n}
        </Notice>
      ))}
      {m.signers.map((s, i) => (
        <section key={i} data-test="signer">
          <h3>{m.signers.length > 1 ? `${t('detailsWho')} (${i + 1})` : t('detailsWho')}</h3>
          <Facts facts={s.who} test="who" />
          {s.issuedBy.length > 0 && (
            <>
              <h3>{t('detailsIssuedBy')}</h3>
              <Facts facts={s.issuedBy} test="issued-by" />
            </>
          )}
        </section>
      ))}
      <h3>{t('detailsChecked')}</h3>
      <ul class="checks" data-test="checks">
        {m.checks.map((c) => (
          <li key={c.check} class={`check ${c.tone}`} data-check={c.check} data-tone={c.tone}>
            <span class="check-icon" aria-hidden="true">
              {CHECK_ICON[c.tone]}
            </span>
            <span>
              <b>{c.label}:</b> {c.text}
            </span>
          </li>
        ))}
      </ul>
      <details class="technical" data-test="technical">
        <summary>{t('detailsTechnical')}</summary>
        <Facts facts={[...m.technical, ...technical]} />
        {m.signers.map((s, i) => (
          <div key={i}>
            <Facts facts={s.technical} />
            <h4>{t('detailsChain')}</h4>
            {s.chain.map((c, j) => (
              <div key={j}>
                <h5 class="data">{c.title}</h5>
                <Facts facts={c.facts} />
              </div>
            ))}
          </div>
        ))}
        {m.engineText.length > 0 && (
          <>
            <h4>{t('detailsEngineText')}</h4>
            <ul class="engine-text" lang="en">
              {m.engineText.map((x, i) => (
                <li key={i}>{x}</li>
              ))}
            </ul>
          </>
        )}
      </details>
    </div>
  );
}
