// The popup's quick actions. Import and file opening happen in full tabs: a file chooser closes the popup.
import { t } from '../ui/i18n';
import { OPEN_FILE_PAGE, OPTIONS_PAGE, openExtensionPage } from '../ui/open-page';

export function PopupActions({ canLock, onLock }: { canLock: boolean; onLock(): void }) {
  return (
    <div class="actions-grid">
      <button type="button" id="popup-import" onClick={() => openExtensionPage(`${OPTIONS_PAGE}#import`)}>
        {t('actionImport')}
      </button>
      <button type="button" class="secondary" id="popup-open-file" onClick={() => openExtensionPage(OPEN_FILE_PAGE)}>
        {t('actionOpenFile')}
      </button>
      {canLock && (
        <button type="button" class="secondary" id="popup-lock" onClick={onLock}>
          {t('lockNow')}
        </button>
      )}
      <button type="button" class="link" id="popup-manage" onClick={() => openExtensionPage(OPTIONS_PAGE)}>
        {t('actionManage')}
      </button>
    </div>
  );
}
