import { waitFor } from './polling-kit';
import { click, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { AppOnDatabase, startAppOnDatabase } from './support/test-server';

/** Waits until clicking `path` on `app` answers `status` (a link change reaching that process). */
const answers = (app: AppOnDatabase, path: string, status: number) =>
  waitFor(async () => (await click(app.url, path)).status === status, 5_000, `${path} to answer ${status}`);

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
    await answers(second, '/l/poster', 404);

    await owner
      .unsafe('patch', `/api/v1/campaigns/${campaignId}/links/${link.id}`)
      .send({ enabled: true })
      .expect(200);
    await answers(second, '/l/poster', 302);
  });

  it('answers an archived campaign’s links as archived in every process soon after', async () => {
    await createLink(owner, campaignId, { label: 'Flyer', slug: 'flyer' }).expect(201);
    await click(second.url, '/l/flyer').expect(302);
    await owner.unsafe('patch', `/api/v1/campaigns/${campaignId}`).send({ status: 'archived' }).expect(200);
    await answers(second, '/l/flyer', 410);
  });
});
