import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import type { SoundlinkServer } from '../../src/bootstrap';
import { setRole } from '../../src/modules/auth/owner-accounts.repository';

export interface SignedInOwner {
  id: string;
  email: string;
  agent: TestAgent;
  csrf: string;
  /** Adds the CSRF header, as the SPA does for unsafe methods. */
  unsafe: (method: 'post' | 'patch' | 'put' | 'delete', path: string) => request.Test;
}

let counter = 0;

/** Registers a new owner through the API and returns a cookie-carrying agent for them. */
export async function registerOwner(
  baseUrl: string,
  email?: string,
  password = 'a long and unusual passphrase',
): Promise<SignedInOwner> {
  const agent = request.agent(baseUrl);
  const address = email ?? `owner${++counter}-${Date.now()}@example.test`;
  const res = await agent
    .post('/api/v1/auth/register')
    .send({ email: address, password, displayName: 'Test Owner' });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  const csrf = res.body.csrfToken as string;
  return {
    id: res.body.owner.id as string,
    email: address,
    agent,
    csrf,
    unsafe: (method, path) => agent[method](path).set('X-CSRF-Token', csrf),
  };
}

/** Makes an owner an admin as the operator does (`npm run admin -- grant EMAIL` runs the same setRole). */
export async function grantAdmin(server: SoundlinkServer, email: string): Promise<void> {
  if (!(await setRole(server.app.get(DataSource).manager, email, 'admin')))
    throw new Error(`no owner ${email} to grant admin`);
}
