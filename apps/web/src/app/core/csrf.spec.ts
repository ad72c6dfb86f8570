import { readCookie } from './cookies';
import { csrfMiddleware } from './csrf';

function fakeRequest(method: string): Request {
  return { method, headers: new Headers() } as unknown as Request;
}

async function send(middleware: ReturnType<typeof csrfMiddleware>, method: string): Promise<Headers> {
  const request = fakeRequest(method);
  const onRequest = middleware.onRequest!;
  await onRequest({ request, schemaPath: '/api/v1/api-keys', params: {}, id: '1', options: {} as never });
  return request.headers;
}

describe('CSRF middleware', () => {
  it('sends the sl_csrf cookie as X-CSRF-Token on POST, PATCH and DELETE', async () => {
    const middleware = csrfMiddleware(() => 'theme=dark; sl_csrf=abc123; other=1');

    for (const method of ['POST', 'PATCH', 'DELETE', 'PUT']) {
      expect((await send(middleware, method)).get('X-CSRF-Token')).toBe('abc123');
    }
  });

  it('does not send it on GET (or HEAD)', async () => {
    const middleware = csrfMiddleware(() => 'sl_csrf=abc123');

    expect((await send(middleware, 'GET')).has('X-CSRF-Token')).toBe(false);
    expect((await send(middleware, 'HEAD')).has('X-CSRF-Token')).toBe(false);
  });

  it('reads the cookie at request time, so a rotated token is used', async () => {
    let cookies = 'sl_csrf=first';
    const middleware = csrfMiddleware(() => cookies);

    expect((await send(middleware, 'POST')).get('X-CSRF-Token')).toBe('first');
    cookies = 'sl_csrf=rotated';
    expect((await send(middleware, 'POST')).get('X-CSRF-Token')).toBe('rotated');
  });

  it('sends no header when there is no session cookie', async () => {
    const middleware = csrfMiddleware(() => 'theme=dark');

    expect((await send(middleware, 'POST')).has('X-CSRF-Token')).toBe(false);
  });
});

describe('readCookie', () => {
  it('finds a cookie by exact name and decodes it', () => {
    expect(readCookie('a=1; sl_csrf_old=x; sl_csrf=a%2Bb', 'sl_csrf')).toBe('a+b');
    expect(readCookie('', 'sl_csrf')).toBeNull();
  });
});
