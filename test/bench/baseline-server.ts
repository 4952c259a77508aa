import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, type ExpertProfile } from '@qingshui/contracts';
import { bearerTokenOf, type TokenVerifier } from '@qingshui/auth';

/** The talent service's ExpertsService, as far as the baseline uses it. */
export interface ExpertReader {
  get(id: string): Promise<ExpertProfile>;
}

export interface BaselineServer {
  url: string;
  close(): Promise<void>;
}

/** Same rule as the gateway's (unexported) checkId in experts.controller.ts. */
const ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The baseline of the slice benchmark: GET /experts/:id answered in this process without Kafka.
 * It does what the gateway + talent service do for that route minus the two Kafka hops: verify the
 * bearer token with the real TokenVerifier (same cache behaviour), read the same document through
 * the talent service's own ExpertsService.get (same mongoose model and projection on FerretDB), and
 * answer the same JSON with the same ETag. It deliberately has no framework around it (no Nest,
 * express, helmet, pino-http, metrics or Redis rate limiter), so the gap to the gateway is the
 * Kafka request-reply plus the gateway's HTTP pipeline.
 */
export async function startBaselineServer(
  experts: ExpertReader,
  verifier: TokenVerifier,
): Promise<BaselineServer> {
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const json = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(json)),
        ...headers,
      });
      res.end(json);
    };
    void (async () => {
      try {
        const match = /^\/experts\/([^/?#]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
        if (req.method !== 'GET' || !match)
          throw new AppError(404, 'NOT_FOUND', `No route ${req.method} ${req.url}`);
        await verifier.verify(bearerTokenOf(req.headers['authorization']));
        const id = decodeURIComponent(match[1] ?? '');
        if (!ID_PATTERN.test(id)) throw AppError.validation([{ field: 'id', message: 'Not a valid id' }]);
        const expert = await experts.get(id);
        answer(200, expert, { etag: `"${expert.version}"` });
      } catch (error) {
        const body =
          error instanceof AppError
            ? error.toBody()
            : { status: 500, code: 'INTERNAL', message: 'Something went wrong on our side' };
        answer(body.status, body);
      }
    })();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
