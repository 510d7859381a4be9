// A drop zone that is also a "Choose a file" button; hands the chosen file's bytes to the screen.
import { useRef, useState } from 'preact/hooks';
import { t } from './i18n';

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

export interface FileDropProps {
  id: string;
  accept: string; // e.g. ".p12,.pfx,.zip"
  hint: string; // what to drop, in plain words
  maxBytes: number;
  onFile(file: PickedFile): void;
  /** The file was refused (empty or too large): the screen must drop any earlier selection. */
  onError(message: string): void;
}

export function FileDrop({ id, accept, hint, maxBytes, onFile, onError }: FileDropProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [chosen, setChosen] = useState('');

  const take = async (file: File | undefined | null) => {
    if (!file) return;
    // A refused file also un-selects the previous one, so the next click never sends a file the user replaced.
    if (file.size === 0 || file.size > maxBytes) {
      setChosen('');
      onError(t(file.size === 0 ? 'errEmptyFile' : 'errTooLarge'));
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    setChosen(file.name);
    onFile({ name: file.name, bytes });
  };

  return (
    <div
      id={`${id}-zone`}
      class={over ? 'drop over' : 'drop'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void take(e.dataTransfer?.files[0]);
      }}
    >
      <p class="drop-hint">{hint}</p>
      <button type="button" class="secondary" onClick={() => input.current?.click()}>
        {t('uiChooseFile')}
      </button>
      <input
        id={id}
        ref={input}
        type="file"
        accept={accept}
        hidden
        onChange={(e) => {
          const el = e.currentTarget;
          void take(el.files?.[0]).finally(() => (el.value = ''));
        }}
      />
      {chosen && <p class="drop-chosen" data-test="chosen-file">{t('uiChosenFile', [chosen])}</p>}
    </div>
  );
}
