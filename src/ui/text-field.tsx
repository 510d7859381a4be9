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
      <input
        id={id}
        type={type}
        value={value}
        autoFocus={autoFocus}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        spellcheck={false}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}
