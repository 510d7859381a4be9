// The first run of the certificate manager guides a new user in three steps: import a certificate, then how to read
// signed and encrypted mail, then how to send. Step 1 is current until a certificate is imported; the guide then
// stays, with step 1 ticked, until the user closes it (remembered in this browser only).
import { useState } from 'preact/hooks';
import { t } from '../ui/i18n';

const DISMISSED_KEY = 'smime-first-run-guide-dismissed';

function dismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

export function FirstRunGuide({ identityCount }: { identityCount: number }) {
  const [closed, setClosed] = useState(dismissed());
  if (closed && identityCount > 0) return null;
  const imported = identityCount > 0;
  const steps: [string, string, boolean][] = [
    ['guideStepImportTitle', 'guideStepImportText', imported],
    ['guideStepReadTitle', 'guideStepReadText', false],
    ['guideStepSendTitle', 'guideStepSendText', false],
  ];
  return (
    <section class="card guide" id="first-run-guide" data-test="first-run-guide" aria-labelledby="guide-title">
      <h2 id="guide-title">{imported ? t('guideTitleReady') : t('guideTitle')}</h2>
      <ol class="guide-steps">
        {steps.map(([title, text, done], i) => (
          <li key={title} class={done ? 'done' : i === (imported ? 1 : 0) ? 'current' : ''} data-step={i + 1}>
            <span class="guide-mark" aria-hidden="true">
              {done ? '\u2713' : i + 1}
            </span>
            <div>
              <h3>
                {t(title)}
                {done && <span class="sr-only"> ({t('guideDone')})</span>}
              </h3>
              <p>{t(text)}</p>
              {i === 0 && !imported && (
                <a href="#import" class="button" onClick={() => document.getElementById('import-file')?.focus()}>
                  {t('guideImportNow')}
                </a>
              )}
            </div>
          </li>
        ))}
      </ol>
      {imported && (
        <button
          type="button"
          class="link"
          id="guide-close"
          onClick={() => {
            try {
              localStorage.setItem(DISMISSED_KEY, '1');
            } catch {
              // private mode: the guide simply shows again next time
            }
            setClosed(true);
          }}
        >
          {t('guideClose')}
        </button>
      )}
    </section>
  );
}
