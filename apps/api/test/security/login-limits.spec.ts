import { randomUUID } from 'node:crypto';
import { postFrom } from '../support/http-from';
import { registerOwner } from '../support/owners';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { AppOnDatabase, startAppOnDatabase, startTestServer, TestServer } from '../support/test-server';

const OWNER_IP = '127.0.0.1';
const PASSWORD = 'the owner’s long passphrase';

/**
 * Sign-in and sign-up guessing, over HTTP from different loopback source addresses (the app sees each as a
 * client IP of its own; no proxy header is involved). The limits are set to the production defaults
 * explicitly: the shared test server raises them for the rest of the suite.
 */
describe('security: login and registration limits', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      LOGIN_RATE_LIMIT_PER_ACCOUNT_IP: '5',
      LOGIN_RATE_LIMIT_PER_IP: '50',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '20',
      REGISTER_RATE_LIMIT: '10',
    });
  });
  afterAll(() => server?.stop());

  const login = (from: string, email: string, password: string) =>
    postFrom(from, `${server.url}/api/v1/auth/login`, { email, password });

  it('attack: 30 parallel password guesses at one account from one IP all reach the password check', async () => {
    const owner = await registerOwner(server.url, 'parallel@example.test', PASSWORD);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login('127.0.0.2', owner.email, `guess number ${i}`)),
    );
    const statuses = answers.map((a) => a.status);
    const refused = answers.filter((a) => a.status === 429);
    // At most the account+IP limit (5) of them may be checked against the password.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(refused.length).toBeGreaterThanOrEqual(30 - 5);
    for (const answer of refused) {
      expect(answer.body).toMatchObject({ statusCode: 429, error: 'TooManyAttempts' });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('attack: failing sign-ins from another IP lock the owner out of their own account', async () => {
    const owner = await registerOwner(server.url, 'lockout@example.test', PASSWORD);
    // The owner signs in from home once, as they do.
    expect((await login(OWNER_IP, owner.email, PASSWORD)).status).toBe(200);
    // An attacker hammers the account from elsewhere, until refused, and from a second address as well.
    const attacker: number[] = [];
    for (const from of ['127.0.0.3', '127.0.0.4'])
      for (let i = 0; i < 25; i++)
        attacker.push((await login(from, owner.email, `guess ${from} ${i}`)).status);
    expect(attacker.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(attacker.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40);
    // The owner, from their own IP, still gets in (and a wrong guess of their own is answered 401, not 429).
    expect((await login(OWNER_IP, owner.email, 'a typo of mine')).status).toBe(401);
    const mine = await login(OWNER_IP, owner.email, PASSWORD);
    expect(mine.status).toBe(200);
  });

  it('attack: a burst of registrations from one IP makes the server hash passwords without end', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await postFrom('127.0.0.5', `${server.url}/api/v1/auth/register`, {
        email: `burst${i}@example.test`,
        password: 'a long and unusual passphrase',
      });
      answers.push(res.status);
      if (res.status === 429) {
        expect(res.body).toMatchObject({ statusCode: 429, error: 'TooManyAttempts' });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(answers.slice(10)).toEqual(Array(4).fill(429));
    // Another IP still registers.
    const other = await postFrom('127.0.0.6', `${server.url}/api/v1/auth/register`, {
      email: 'elsewhere@example.test',
      password: 'a long and unusual passphrase',
    });
    expect(other.status).toBe(201);
  });
});

const REDIS_URL = process.env['TEST_REDIS_URL'];

// Needs a Redis server: CI provides one (TEST_REDIS_URL).
if (REDIS_URL) {
  describe('security: login limits across two API processes (Redis)', () => {
    let database: TestDatabase;
    let first: AppOnDatabase;
    let second: AppOnDatabase;

    beforeAll(async () => {
      database = await createTestDatabase();
      const env = {
        REDIS_URL,
        REDIS_KEY_PREFIX: `test-${randomUUID()}:`,
        SOUNDLINK_ROLE: 'api',
        LOGIN_RATE_LIMIT_PER_ACCOUNT_IP: '5',
      };
      first = await startAppOnDatabase(database.url, env);
      second = await startAppOnDatabase(database.url, env);
    });
    afterAll(async () => {
      await second?.stop();
      await first?.stop();
      await database?.drop();
    });

    it('attack: spread parallel guesses over the API processes so each counts only its own', async () => {
      const owner = await registerOwner(first.url, 'two-processes@example.test', PASSWORD);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          postFrom('127.0.0.7', `${(i % 2 ? second : first).url}/api/v1/auth/login`, {
            email: owner.email,
            password: `guess number ${i}`,
          }),
        ),
      );
      expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(5);
      expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(15);
    });
  });
}
