import type { SelectHTMLAttributes } from 'react';

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  name: string;
  options: readonly { value: string; label: string; disabled?: boolean }[];
  errors?: string[];
  /** Keeps the label for screen readers only, for compact rows of controls. */
  hideLabel?: boolean;
}

/** A labelled native select (keyboard and screen-reader behaviour for free) whose errors are tied to it. */
export function Select({ label, name, options, errors, id, hideLabel, className, ...props }: SelectProps) {
  const selectId = id ?? `field-${name}`;
  const errorId = `${selectId}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <div className={className ?? 'space-y-1'}>
      <label htmlFor={selectId} className={hideLabel ? 'sr-only' : 'block text-sm font-medium text-slate-800'}>
        {label}
      </label>
      <select
        id={selectId}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-600"
        {...props}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      {invalid ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors?.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
