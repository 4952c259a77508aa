import { json, urlencoded, type ErrorRequestHandler, type RequestHandler } from 'express';
import { printParseErrorCode, parse, type ParseError } from 'jsonc-parser';
import { AppError } from '@qingshui/contracts';

/** Bodies larger than this are refused (413). */
const LIMIT = '100kb';

/** Where a JSON text stops being JSON: what was expected, at which line and column (jsonc-parser). */
export function jsonErrorAt(text: string): string | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${what} at line ${line}, column ${column}`;
}

/** What body-parser throws for a body it cannot read. */
interface BodyParserError {
  type?: string;
  body?: unknown;
}

/**
 * Body errors in our words: malformed JSON says where it broke (Nest would pass on V8's message,
 * which quotes the body back), a body too large is a 413, an unreadable charset a 415.
 */
const bodyErrors: ErrorRequestHandler = (error: BodyParserError, _req, _res, next) => {
  switch (error.type) {
    case 'entity.parse.failed': {
      const where = typeof error.body === 'string' ? jsonErrorAt(error.body) : undefined;
      const message = `The request body is not valid JSON${where ? `: ${where}` : ''}`;
      return next(AppError.validation([{ field: '(body)', message }], message));
    }
    case 'entity.too.large':
      return next(new AppError(413, 'VALIDATION_FAILED', `The request body is larger than ${LIMIT}`));
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return next(
        new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body’s charset or encoding is not supported'),
      );
    default:
      return next(error);
  }
};

/** The gateway's body parsers (JSON; forms for the back-channel logout) and their error mapping. */
export const bodyParsers: (RequestHandler | ErrorRequestHandler)[] = [
  json({ limit: LIMIT }),
  urlencoded({ extended: false, limit: LIMIT }),
  bodyErrors,
];
