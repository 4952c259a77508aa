import type { AppErrorBody, FieldError } from '@qingshui/contracts';

/** Where the console finds a fresh access token (the auth provider sets it; tokens stay in memory). */
type TokenSource = () => Promise<string | undefined>;
let tokenSource: TokenSource = async () => undefined;
export function setTokenSource(source: TokenSource): void {
  tokenSource = source;
}

/** The console's language, sent as Accept-Language: the API words its validation messages in it. */
let languageSource: () => string = () => 'zh-CN';
export function setLanguageSource(source: () => string): void {
  languageSource = source;
}

export const API_BASE = '/api/v1';

/** An answer of the API that is not a success, or no answer at all (status 0, code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: AppErrorBody['code'] | 'NETWORK',
    message: string,
    readonly fields: readonly FieldError[] = [],
    readonly correlationId?: string,
    /** Seconds to wait before trying again (429, 503), from Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** The version the change is based on: sent as If-Match, answered 409 STALE_VERSION when stale. */
  ifMatch?: string;
  /** Sent as Idempotency-Key, so that a retried POST is carried out once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  /** The record's version (ETag without quotes), for the next If-Match. */
  etag?: string;
}

/** `?a=1&b=x&b=y`: arrays repeat the key, empty values are left out. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const unquote = (etag: string | null) => (etag ? etag.replace(/^W\//, '').replace(/^"|"$/g, '') : undefined);

/** The API's error body, or a plain one made from the status when the body is not ours. */
export async function errorOf(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  let body: Partial<AppErrorBody & { correlationId: string }> = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    /* not JSON (a proxy's page): fall back on the status */
  }
  return new ApiError(
    response.status,
    body.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL'),
    body.message ?? response.statusText,
    body.fields ?? [],
    body.correlationId ?? response.headers.get('x-correlation-id') ?? undefined,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const token = await tokenSource();
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': languageSource() };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch) headers['if-match'] = `"${options.ifMatch}"`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${queryString(options.query)}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', (error as Error).message);
  }
  if (!response.ok) throw await errorOf(response);
  const text = response.status === 204 ? '' : await response.text();
  const etag = unquote(response.headers.get('etag'));
  return {
    data: (text ? JSON.parse(text) : undefined) as T,
    status: response.status,
    ...(etag ? { etag } : {}),
  };
}

/** A new Idempotency-Key for one user action (kept across that action's retries). */
export const newIdempotencyKey = (): string => crypto.randomUUID();

export const api = {
  get: async <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> =>
    (await request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) })).data,
  getVersioned: <T>(path: string, signal?: AbortSignal): Promise<ApiResponse<T>> =>
    request<T>('GET', path, signal ? { signal } : {}),
  post: async <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> =>
    (
      await request<T>('POST', path, {
        ...options,
        body: body ?? {},
        idempotencyKey: options.idempotencyKey ?? newIdempotencyKey(),
      })
    ).data,
  patch: async <T>(
    path: string,
    body: unknown,
    options: Omit<RequestOptions, 'body'> = {},
  ): Promise<ApiResponse<T>> => request<T>('PATCH', path, { ...options, body }),
  put: async <T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> =>
    (await request<T>('PUT', path, { ...options, body })).data,
  delete: async <T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> =>
    (await request<T>('DELETE', path, options)).data,
};

/** The file name a response's Content-Disposition gives (`filename*` first), else the fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      /* a malformed name: use the plain one */
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Downloads a file the API answers (an export, a ticket's PDF): fetched with the token, since a
 * plain link cannot carry it, then handed to the browser under the name the API gives.
 */
export async function download(path: string, query?: Query, fallbackName = 'download'): Promise<void> {
  const token = await tokenSource();
  const headers: Record<string, string> = { 'accept-language': languageSource() };
  if (token) headers['authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${queryString(query)}`, { headers });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', (error as Error).message);
  }
  if (!response.ok) throw await errorOf(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
