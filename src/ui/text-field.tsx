// A labelled input. Passwords are never autocompleted into or out of these fields, and a password field says
// when Caps Lock is on or the text has full-width characters (a Japanese input mode left on): the two usual
// reasons a correct password is refused.
import { useState } from 'preact/hooks';
import { t } from './i18n';

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  type?: 'text' | 'password';
  onInput(value: string): void;
  autoFocus?: boolean;
}

/** Full-width forms of ASCII (ＡＢＣ１２３！) and the ideographic space, as a Japanese IME types them. */
export function hasFullWidth(s: string): boolean {
  return /[\u3000\uff01-\uff5e]/.test(s);
}

function PasswordInput({ id, value, onInput, autoFocus }: TextFieldProps) {
  const [capsLock, setCapsLock] = useState(false);
  const track = (e: KeyboardEvent | MouseEvent) => setCapsLock(e.getModifierState?.('CapsLock') ?? false);
  return (
    <>
      <input
        id={id}
        type="password"
        value={value}
        autoFocus={autoFocus}
        autocomplete="new-password"
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={track}
        onKeyUp={track}
        onMouseDown={track}
        onBlur={() => setCapsLock(false)}
      />
      {capsLock && (
        <small class="field-hint" data-test="caps-lock" id={`${id}-caps`}>
          {t('uiCapsLockOn')}
        </small>
      )}
      {hasFullWidth(value) && (
        <small class="field-hint" data-test="full-width" id={`${id}-full-width`}>
          {t('uiPasswordFullWidth')}
        </small>
      )}
    </>
  );
}

export function TextField(props: TextFieldProps) {
  const { id, label, value, type = 'text', onInput, autoFocus } = props;
  return (
    <label class="field" for={id}>
      <span>{label}</span>
      {type === 'password' ? (
        <PasswordInput {...props} />
      ) : (
        <input id={id} type="text" value={value} autoFocus={autoFocus} autocomplete="off" spellcheck={false} onInput={(e) => onInput(e.currentTarget.value)} />
      )}
    </label>
  );
}
