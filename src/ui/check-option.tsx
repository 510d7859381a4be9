// A settings checkbox with a bold title and a muted explanation under it (options page sections).
import type { ComponentChildren } from 'preact';

export interface CheckOptionProps {
  id: string;
  checked: boolean;
  onChange(checked: boolean): void;
  title: ComponentChildren;
  explain: ComponentChildren;
}

export function CheckOption({ id, checked, onChange, title, explain }: CheckOptionProps) {
  return (
    <label class="check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span>
        <strong>{title}</strong>
        <br />
        <span class="muted">{explain}</span>
      </span>
    </label>
  );
}
