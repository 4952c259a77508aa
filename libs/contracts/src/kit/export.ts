import type { z } from 'zod';
import type { Role } from '../principal';
import type { AnyCommand } from './contract';

/** One column of an export: a Chinese header and the cell of each item. */
export interface ExportColumn<Item> {
  header: string;
  value: (item: Item) => string | number | boolean | Date | null | undefined;
}

type ItemOf<C extends AnyCommand> = z.output<C['reply']> extends { items: readonly (infer I)[] } ? I : never;

/**
 * A download of a list route as CSV or XLSX (`GET <path>?format=csv|xlsx`, the list's own filters
 * beside it): the gateway pages through the list command as the caller, so an export holds what
 * the caller's list on screen holds, all pages of it, streamed.
 */
export interface ExportSpec<C extends AnyCommand, P extends z.ZodObject, Q extends z.ZodObject> {
  /** Under /api/v1, e.g. `/fairs/:id/registrations/export`. */
  path: string;
  summary: string;
  tag: string;
  roles?: readonly Role[];
  params: P;
  /** The list's filters (without page and pageSize). */
  query: Q;
  /** The list command's request for one page of the export. */
  payload: (
    input: { params: z.output<P>; query: z.output<Q> },
    page: number,
    pageSize: number,
  ) => z.input<C['request']>;
  /** The file's name without extension, e.g. `报名-2027-淅川推介会`. */
  filename: (params: z.output<P>) => string;
  /** The sheet's name in the XLSX. */
  sheet: string;
  columns: readonly ExportColumn<ItemOf<C>>[];
}

export interface ExportRoute {
  readonly command: AnyCommand;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly roles: readonly Role[];
  readonly params: z.ZodObject;
  readonly query: z.ZodObject;
  readonly payload: (input: { params: unknown; query: unknown }, page: number, pageSize: number) => unknown;
  readonly filename: (params: unknown) => string;
  readonly sheet: string;
  readonly columns: readonly ExportColumn<unknown>[];
}

export function defineExport<C extends AnyCommand, P extends z.ZodObject, Q extends z.ZodObject>(
  command: C,
  spec: ExportSpec<C, P, Q>,
): ExportRoute {
  return { command, roles: [], ...spec } as unknown as ExportRoute;
}
