import { click, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { AppOnDatabase, startAppOnDatabase } from './support/test-server';

/** Clicks `path` on `app` until its answer has `status` (or `timeoutMs` passes); the last answer's status. */
async function statusWithin(app: AppOnDatabase, path: string, status: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await click(app.url, path);
    if (res.status === status || Date.now() > deadline) return res.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Two API processes of one deployment on one database: a change made through one reaches the other's
 * cached tracker links within about a second (CHANGES_POLL_MS), not when its entry expires (a minute).
 */
describe('tracker link changes across API processes', () => {
  let database: TestDatabase;
  let first: AppOnDatabase;
  let second: AppOnDatabase;
  let owner: SignedInOwner;
  let campaignId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startAppOnDatabase(database.url);
    second = await startAppOnDatabase(database.url);
    owner = await registerOwner(first.url);
    const catalog = await sandboxCatalog(first.url);
    const { body: campaign } = await createCampaign(owner, {
      name: 'Two processes',
      destination: `spotify:track:${catalog.tracks[0]!.id}`,
    }).expect(201);
    campaignId = campaign.id;
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await database?.drop();
  });

  it('stops redirecting in every process soon after a link is switched off in one', async () => {
    const { body: link } = await createLink(owner, campaignId, { label: 'Poster', slug: 'poster' }).expect(
      201,
    );
    await click(second.url, '/l/poster').expect(302); // now cached in the second process

    await owner
      .unsafe('patch', `/api/v1/campaigns/${campaignId}/links/${link.id}`)
      .send({ enabled: false })
      .expect(200);
    const started = Date.now();
    expect(await statusWithin(second, '/l/poster', 404, 5_000)).toBe(404);
    expect(Date.now() - started).toBeLessThan(5_000);

    await owner
      .unsafe('patch', `/api/v1/campaigns/${campaignId}/links/${link.id}`)
      .send({ enabled: true })
      .expect(200);
    expect(await statusWithin(second, '/l/poster', 302, 5_000)).toBe(302);
  });

  it('answers an archived campaign’s links as archived in every process soon after', async () => {
    await createLink(owner, campaignId, { label: 'Flyer', slug: 'flyer' }).expect(201);
    await click(second.url, '/l/flyer').expect(302);
    await owner.unsafe('patch', `/api/v1/campaigns/${campaignId}`).send({ status: 'archived' }).expect(200);
    expect(await statusWithin(second, '/l/flyer', 410, 5_000)).toBe(410);
  });
});
