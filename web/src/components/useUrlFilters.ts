import { useSearchParams } from 'react-router-dom';

export type UrlFilters<K extends string> = Partial<Record<K, string>> & { page: number; pageSize: number };
type Change<K extends string> = Partial<Record<K | 'page' | 'pageSize', string | number | undefined>>;

/**
 * A list's filters kept in the address, so that a filtered list can be shared and reloaded. Any
 * change but the page's goes back to the first page; empty values leave the address.
 */
export function useUrlFilters<K extends string>(keys: readonly K[], defaultPageSize = 20) {
  const [params, setParams] = useSearchParams();
  const filters = {
    ...Object.fromEntries(keys.map((key) => [key, params.get(key) ?? undefined])),
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? defaultPageSize) || defaultPageSize,
  } as UrlFilters<K>;
  const update = (change: Change<K>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined || value === '' || value === null) next.delete(key);
      else next.set(key, String(value));
    }
    if (!('page' in change)) next.delete('page');
    setParams(next, { replace: true });
  };
  return { filters, update };
}
