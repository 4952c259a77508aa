import type { FormInstance } from 'antd';
import { isApiError } from './client';

/** `skills.0.name` → ['skills', 0, 'name']: the API's field path as an antd form name path. */
export function namePathOf(field: string): (string | number)[] {
  return field
    .split('.')
    .filter((part) => part !== '' && part !== 'body')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Shows the API's field errors at the form's fields. Returns the errors that match no field of
 * the form (shown by the caller as a message), or undefined when the error is not a field error.
 */
export function showFieldErrors(form: FormInstance, error: unknown): string[] | undefined {
  if (!isApiError(error) || error.fields.length === 0) return undefined;
  const known = new Set([
    ...Object.keys(form.getFieldsValue() as Record<string, unknown>),
    ...Object.keys(form.getFieldsValue(true) as Record<string, unknown>),
  ]);
  const unmatched: string[] = [];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const { field, message } of error.fields) {
    const name = namePathOf(field);
    if (name.length === 0 || !known.has(String(name[0]))) {
      unmatched.push(field ? `${field}: ${message}` : message);
      continue;
    }
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  const first = [...byField.values()][0];
  if (first) form.scrollToField(first.name, { block: 'center', focus: true });
  return unmatched;
}
