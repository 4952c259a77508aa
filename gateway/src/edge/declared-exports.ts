import { Controller, Injectable, Req, RequestMapping, RequestMethod, Res, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import {
  AppError,
  fieldErrorsOf,
  PATH,
  QUERY,
  type CommandName,
  type ExportColumn,
  type ExportRoute,
  type FieldError,
  type Principal,
} from '@qingshui/contracts';
import { Roles } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { correlationIdOf } from '../common/correlation';
import { openApiSchema } from '../common/openapi';
import { ApiErrors } from '../common/openapi-errors';
import { normaliseQuery, validationLocaleOf } from './request';
import { operationIdOf } from './declared-routes';

/** Pages of this many items are asked for in turn; the file never holds more than this many rows. */
export const EXPORT_PAGE_SIZE = 100;
export const EXPORT_MAX_ROWS = 200_000;

const formatSchema = z.enum(['csv', 'xlsx']).default('csv');
type Format = z.infer<typeof formatSchema>;
const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

type Cell = ReturnType<ExportColumn<unknown>['value']>;

/** A cell as a spreadsheet shows it: dates in Beijing time, booleans in words. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return beijingTime(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}
function beijingTime(date: Date): string {
  // Spreadsheets are read in Beijing: the file says local time, as the console does.
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 19).replace('T', ' ');
}

/** `filename*` per RFC 6266/5987, so a Chinese file name survives every browser. */
export function contentDisposition(name: string, format: Format): string {
  const file = `${name}.${format}`;
  const ascii = file.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file)}`;
}

/**
 * Serves every declared export: reads the path and filters with the export's schemas, then asks
 * the list command page by page as the caller and streams the rows out, so the file holds exactly
 * what the caller's list holds. A refusal of the first page (403, 404, 400) is answered as JSON;
 * once rows flow the status is sent and a later failure ends the stream.
 */
@Injectable()
export class ExportHandler {
  constructor(private readonly commands: Commands) {}

  async handle(spec: ExportRoute, req: Request & { principal?: Principal }, res: Response): Promise<void> {
    const { params, query, format } = readExport(spec, req);
    const principal = req.principal!;
    const correlationId = correlationIdOf(req);
    const pageOf = (page: number) =>
      this.commands.request(
        spec.command.name as CommandName,
        principal,
        spec.payload({ params, query }, page, EXPORT_PAGE_SIZE) as never,
        correlationId,
      ) as Promise<{ items: unknown[]; total: number }>;
    const first = await pageOf(1);
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', contentDisposition(spec.filename(params), format));
    res.setHeader('Cache-Control', 'no-store');
    const rows = async function* () {
      let page = first;
      let count = 0;
      for (let n = 1; ; n += 1) {
        for (const item of page.items) {
          if (count >= EXPORT_MAX_ROWS) return;
          count += 1;
          yield spec.columns.map((column) => column.value(item));
        }
        if (page.items.length < EXPORT_PAGE_SIZE || n * EXPORT_PAGE_SIZE >= page.total) return;
        page = await pageOf(n + 1);
      }
    };
    if (format === 'csv') await writeCsv(res, spec, rows());
    else await writeXlsx(res, spec, rows());
  }
}

async function writeCsv(res: Response, spec: ExportRoute, rows: AsyncIterable<Cell[]>): Promise<void> {
  // A byte-order mark: Excel opens a UTF-8 CSV as GBK without one, and Chinese turns to noise.
  res.write('\ufeff');
  const csv = stringify();
  csv.pipe(res);
  csv.write(spec.columns.map((c) => c.header));
  for await (const row of rows) {
    if (!csv.write(row.map(csvCell))) await new Promise((resolve) => csv.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) => {
    res.once('finish', resolve);
    res.once('error', reject);
    csv.end();
  });
}

async function writeXlsx(res: Response, spec: ExportRoute, rows: AsyncIterable<Cell[]>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true });
  const sheet = workbook.addWorksheet(spec.sheet.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({
    header: c.header,
    width: Math.max(10, c.header.length * 2 + 4),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const row of rows)
    sheet.addRow(row.map((cell) => (cell instanceof Date ? beijingTime(cell) : (cell ?? null)))).commit();
  sheet.commit();
  await workbook.commit();
}

function readExport(spec: ExportRoute, req: Request): { params: unknown; query: unknown; format: Format } {
  const errors: FieldError[] = [];
  const localeError = validationLocaleOf(req);
  const options = localeError ? { error: localeError } : undefined;
  const params = spec.params.safeParse(req.params, options);
  if (!params.success) errors.push(...fieldErrorsOf(params.error, PATH));
  const withFormat = spec.query.extend({ format: formatSchema });
  const normalised = normaliseQuery(req.query as Record<string, unknown>, withFormat);
  errors.push(...normalised.errors);
  const query = withFormat.safeParse(normalised.values, options);
  if (!query.success) errors.push(...fieldErrorsOf(query.error, QUERY));
  if (errors.length > 0 || !params.success || !query.success) throw AppError.validation(errors);
  const { format, ...filters } = query.data as { format: Format } & Record<string, unknown>;
  return { params: params.data, query: filters, format };
}

/** One Nest controller for every declared export, like the declared routes' controller. */
export function declaredExportsController(exports: readonly ExportRoute[]): Type<unknown> {
  class DeclaredExports {
    constructor(readonly handler: ExportHandler) {}
  }
  for (const spec of exports) {
    const key = operationIdOf({ method: 'GET', path: spec.path } as never);
    Object.defineProperty(DeclaredExports.prototype, key, {
      value: function (this: DeclaredExports, req: Request, res: Response) {
        return this.handler.handle(spec, req, res);
      },
      writable: true,
      configurable: true,
    });
    const descriptor = Object.getOwnPropertyDescriptor(DeclaredExports.prototype, key)!;
    const params = Object.entries(spec.params.shape as Record<string, z.ZodType>);
    const query = Object.entries((spec.query.shape ?? {}) as Record<string, z.ZodType>);
    const decorators: MethodDecorator[] = [
      RequestMapping({ path: spec.path, method: RequestMethod.GET }),
      ...(spec.roles.length > 0 ? [Roles(...spec.roles)] : []),
      ApiTags(spec.tag),
      ApiBearerAuth(),
      ApiOperation({ summary: spec.summary, operationId: key }),
      ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx, 'application/json'),
      ...params.map(([name, schema]) => ApiParam({ name, required: true, schema: openApiSchema(schema) })),
      ApiQuery({ name: 'format', required: false, schema: openApiSchema(formatSchema) }),
      ...query.map(([name, schema]) =>
        ApiQuery({ name, required: !schema.safeParse(undefined).success, schema: openApiSchema(schema) }),
      ),
      ApiResponse({
        status: 200,
        description: `${spec.sheet}: CSV (UTF-8 with BOM) or XLSX, every page of the list`,
        content: {
          [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
          [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
        },
      }),
      ApiErrors(400, 403, 404, 401, 429, 503),
    ];
    for (const decorate of decorators) decorate(DeclaredExports.prototype, key, descriptor);
    Req()(DeclaredExports.prototype, key, 0);
    Res()(DeclaredExports.prototype, key, 1);
  }
  Reflect.defineMetadata('design:paramtypes', [ExportHandler], DeclaredExports);
  Controller()(DeclaredExports);
  return DeclaredExports;
}
