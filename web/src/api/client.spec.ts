import { errorOf, fileNameOf, queryString } from './client';
import { namePathOf } from './forms';

describe('the console’s API client', () => {
  it('writes query strings with repeated keys and without empty values', () => {
    expect(
      queryString({ county: 'xichuan', field: ['tcm', 'medicine'], q: '', page: 2, none: undefined }),
    ).toBe('?county=xichuan&field=tcm&field=medicine&page=2');
    expect(queryString(undefined)).toBe('');
    expect(queryString({ q: '水土保持' })).toBe(`?q=${encodeURIComponent('水土保持')}`);
  });

  it('turns the API’s error body into an error with its code, fields and Retry-After', async () => {
    const body = {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid',
      fields: [{ field: 'title', message: 'Too short' }],
      correlationId: 'c-1',
    };
    const error = await errorOf(new Response(JSON.stringify(body), { status: 400 }));
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', correlationId: 'c-1' });
    expect(error.fields).toEqual(body.fields);
    const busy = await errorOf(
      new Response('<html>busy</html>', { status: 503, headers: { 'retry-after': '7' } }),
    );
    expect(busy).toMatchObject({ status: 503, code: 'INTERNAL', retryAfterSeconds: 7 });
  });

  it('takes a download’s name from Content-Disposition, the UTF-8 one first', () => {
    const both = `attachment; filename="_.csv"; filename*=UTF-8''${encodeURIComponent('展销会.csv')}`;
    expect(fileNameOf(both, 'x')).toBe('展销会.csv');
    expect(fileNameOf('attachment; filename="fairs.csv"', 'x')).toBe('fairs.csv');
    expect(fileNameOf(null, 'export.csv')).toBe('export.csv');
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A", 'y')).toBe('y');
  });

  it('maps the API’s field paths to form name paths', () => {
    expect(namePathOf('stops.1.start')).toEqual(['stops', 1, 'start']);
    expect(namePathOf('body.title')).toEqual(['title']);
    expect(namePathOf('')).toEqual([]);
  });
});
