// A labelled input. Passwords are never autocompleted into or out of these fields.
export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  type?: 'text' | 'password';
  onInput(value: string): void;
  autoFocus?: boolean;
}

export function TextField({ id, label, value, type = 'text', onInput, autoFocus }: TextFieldProps) {
  return (
    <label class="field" for={id}>
      <span>{label}</span>
      {type === 'password' ? (
        <input id={id} type="password" value={value} autoFocus={autoFocus} autocomplete="new-password" onInput={(e) => onInput(e.currentTarget.value)} />
      ) : (
        <input id={id} type="text" value={value} autoFocus={autoFocus} autocomplete="off" spellcheck={false} onInput={(e) => onInput(e.currentTarget.value)} />
      )}
    </label>
  );
}
