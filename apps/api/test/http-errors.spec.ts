import request from 'supertest';
import { startTestServer, TestServer } from './support/test-server';

describe('errors have one JSON shape and never a stack trace', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ BODY_LIMIT_BYTES: '65536' });
  });
  afterAll(() => server?.stop());

  it('answers an unknown API route with 404 RouteNotFound', async () => {
    const res = await request(server.url).get('/api/v1/no-such-thing').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      error: 'RouteNotFound',
      message: 'There is no route GET /api/v1/no-such-thing.',
      requestId: res.headers['x-request-id'],
    });
  });

  it('answers malformed JSON with 400 MalformedJson', async () => {
    const res = await request(server.url)
      .post('/api/v1/anything')
      .set('content-type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'MalformedJson' });
    expect(res.body.message).toMatch(/^The request body is not valid JSON/);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers a 10 MB body with 413 PayloadTooLarge and keeps serving', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(10 * 1024 * 1024) });
    const res = await request(server.url)
      .post('/api/v1/anything')
      .set('content-type', 'application/json')
      .send(big)
      .catch((error: { response?: request.Response }) => error.response!);
    expect(res.status).toBe(413);
    expect(res.body).toEqual(
      expect.objectContaining({
        statusCode: 413,
        error: 'PayloadTooLarge',
        message: 'The request body is larger than the limit of 65536 bytes.',
      }),
    );
    await request(server.url).get('/health').expect(200);
  });

  it('answers an unknown route outside the API with the same shape when the SPA is not built', async () => {
    const res = await request(server.url).get('/nothing/here').set('accept', 'application/json').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'RouteNotFound' });
  });
});
