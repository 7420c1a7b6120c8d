'use client';

import { usePathname, useRouter } from 'next/navigation';
import {
  useEffect,
  useEffectEvent,
  useRef,
  useTransition,
  type FormEvent,
  type FormHTMLAttributes,
  type ReactNode,
} from 'react';
import { Button } from '@/components/ui/button';

type FieldValues = Record<string, string | undefined>;

interface AutoApplyFormProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'method' | 'action' | 'onSubmit'> {
  /** The page the filters apply to; the current one when left out. */
  action?: string;
  /**
   * The values the server parsed from the URL (the page's params module), by field name. After back or
   * forward the fields are set from these, so they always show what the page shows, even when the URL
   * held a value the parser replaced by its default.
   */
  values: FieldValues;
  /** Values left out of the URL (the parser's defaults), so that shared links stay short. */
  defaults?: FieldValues;
  /** The submit button's label, shown only without JavaScript. */
  submitLabel: string;
  /** Paging params that a change of filter drops (other filters give other rows): `page` unless told. */
  resetKeys?: readonly string[];
  children: ReactNode;
}

/** Typed values wait for a pause; a choice (select, checkbox, radio) applies at once. */
const TYPING_PAUSE_MS = 500;
const TYPED = new Set(['text', 'search', 'number', 'date', 'email', 'url', 'tel']);

const DEFAULT_RESET_KEYS = ['page'];

const isTyped = (element: EventTarget | null): element is HTMLInputElement =>
  element instanceof HTMLInputElement && TYPED.has(element.type);

/** The URL the form's current values lead to, keeping the page's other params (chart options, sort). */
function targetUrl(form: HTMLFormElement, base: string, defaults: FieldValues, resetKeys: readonly string[]): string {
  const here = new URL(window.location.href);
  const search = here.pathname === base ? new URLSearchParams(here.search) : new URLSearchParams();
  for (const element of Array.from(form.elements)) {
    const name = (element as HTMLInputElement).name;
    if (name) search.delete(name);
  }
  // Other filters give other rows: the list starts again at its first page.
  for (const key of resetKeys) search.delete(key);
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value !== '' && value !== defaults[name]) search.append(name, value);
  }
  const query = search.toString();
  return query ? `${base}?${query}` : base;
}

/** Whether a field shows something other than `values` (what the page was rendered with). */
function differs(element: Element, values: FieldValues): boolean {
  if (element instanceof HTMLSelectElement) {
    const value = values[element.name] ?? '';
    return Array.from(element.options).some((option) => option.value === value) && element.value !== value;
  }
  if (!(element instanceof HTMLInputElement) || !element.name || element.type === 'hidden') return false;
  if (element.type === 'checkbox' || element.type === 'radio') {
    return element.checked !== (values[element.name] === element.value);
  }
  return element.value !== (values[element.name] ?? '');
}

/**
 * A GET form whose filters apply as they change (issue 19): each change pushes a new URL, so back and
 * forward step through the filters and the address can be shared; the Server Component re-renders from
 * it. Without JavaScript it is the plain GET form it always was, with its submit button.
 */
export function AutoApplyForm({
  action,
  values,
  defaults = {},
  submitLabel,
  resetKeys = DEFAULT_RESET_KEYS,
  children,
  ...props
}: AutoApplyFormProps) {
  const router = useRouter();
  const pathname = usePathname();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // A transition: it stays pending until the new URL's page has rendered, and a newer change supersedes it.
  const [pending, startTransition] = useTransition();
  const base = action ?? pathname;

  const apply = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (!form.current) return;
    const url = targetUrl(form.current, base, defaults, resetKeys);
    if (url === `${window.location.pathname}${window.location.search}`) return;
    startTransition(() => router.push(url, { scroll: false }));
  };

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    if (!isTyped(event.target)) return apply();
    clearTimeout(timer.current);
    timer.current = setTimeout(apply, TYPING_PAUSE_MS);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // Enter in a search box: apply now rather than after the pause.
    event.preventDefault();
    apply();
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  const applyChangesMadeBeforeHydration = useEffectEvent(apply);
  const hydrated = useRef(false);

  // Uncontrolled fields keep what the user last chose; after back/forward (a new render with other values)
  // they are set to what the page now shows. A search box being typed in is left alone.
  const valuesKey = JSON.stringify(values);
  useEffect(() => {
    const current = JSON.parse(valuesKey) as FieldValues;
    const elements = Array.from(form.current?.elements ?? []);
    if (!hydrated.current) {
      hydrated.current = true;
      // A choice made while the page's JavaScript was still loading (a slow phone, a busy machine) fired its
      // change event before React listened: apply it now instead of setting the field back under the reader.
      // (The browser does not restore these fields on its own: the form has autocomplete off.)
      if (elements.some((element) => differs(element, current))) {
        applyChangesMadeBeforeHydration();
        return;
      }
    }
    for (const element of elements) {
      if (element instanceof HTMLSelectElement) {
        if (differs(element, current)) element.value = current[element.name] ?? '';
      } else if (element instanceof HTMLInputElement && element.name && element.type !== 'hidden') {
        if (element.type === 'checkbox' || element.type === 'radio') {
          element.checked = current[element.name] === element.value;
        } else if (element !== document.activeElement && differs(element, current)) {
          element.value = current[element.name] ?? '';
        }
      }
    }
  }, [valuesKey]);

  return (
    <form
      ref={form}
      method="get"
      action={base}
      // The fields show the page's own values: a browser restoring old ones on reload or back would both
      // contradict the page and read as a choice made before hydration.
      autoComplete="off"
      onChange={onChange}
      onSubmit={onSubmit}
      aria-busy={pending || undefined}
      {...props}
    >
      {children}
      <noscript>
        <Button type="submit" variant="secondary">
          {submitLabel}
        </Button>
      </noscript>
      <span role="status" className="self-center text-sm text-slate-600">
        {pending ? 'Updating…' : null}
      </span>
    </form>
  );
}
