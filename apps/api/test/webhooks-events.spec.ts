import { ReattributionService } from '../src/modules/attribution/reattribution.service';
import {
  BROWSER_UA,
  connectOwnerSpotify,
  createCampaign,
  createLink,
  demoPlaylist,
} from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { SandboxCatalog, sandboxControl } from './support/sandbox';
import { sql } from './support/sql';
import { startTestServer, TestServer } from './support/test-server';
import {
  clickAndConnect,
  createWebhook,
  CreatedWebhook,
  deliver,
  syncNow,
  verify,
  WebhookReceiver,
} from './webhooks-kit';

const AFTER = 7 * 60_000;

/**
 * The event catalogue (issue 19, docs/webhooks.md) written by the outbox in the transaction of each change:
 * campaigns and links, re-attribution's changes, a listener's erasure. Role `api`: the tests run the worker.
 */
describe('webhooks: events', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let receiver: WebhookReceiver;
  let hook: CreatedWebhook;
  let uri: string;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    receiver = await WebhookReceiver.start();
    owner = await registerOwner(server.url);
    catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    uri = `spotify:playlist:${demoPlaylist(catalog).id}`;
    hook = await createWebhook(owner, receiver.url, [
      'campaign.created',
      'campaign.updated',
      'campaign.deleted',
      'link.created',
      'link.updated',
      'link.deleted',
      'play.attributed',
      'listener.erased',
    ]);
  });
  afterAll(async () => {
    await receiver?.down();
    await server?.stop();
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });

  /** What arrived since the last call, verified: [type, data]. */
  async function arrived(): Promise<Array<[string, Record<string, unknown>]>> {
    await deliver(server);
    const events = receiver.received.map((r) => {
      verify(hook.secret, r);
      return [r.json.type, r.json.data] as [string, Record<string, unknown>];
    });
    receiver.received.length = 0;
    return events;
  }

  it('sends campaign and link events: created, updated when what integrators see changes, deleted', async () => {
    const { body: campaign } = await createCampaign(owner, { name: 'Catalogue', destination: uri }).expect(
      201,
    );
    expect(await arrived()).toEqual([
      [
        'campaign.created',
        expect.objectContaining({
          campaignId: campaign.id,
          name: 'Catalogue',
          status: campaign.status,
          destination: { type: 'playlist', id: demoPlaylist(catalog).id, name: expect.any(String) },
          attributionWindowHours: campaign.attributionWindowHours,
        }),
      ],
    ]);
    await owner.unsafe('patch', `/api/v1/campaigns/${campaign.id}`).send({ name: 'Catalogue 2' }).expect(200);
    expect(await arrived()).toEqual([['campaign.updated', expect.objectContaining({ name: 'Catalogue 2' })]]);
    // Internal bookkeeping (the attribution generation) is not a change integrators see.
    await sql(server, 'UPDATE campaigns SET attribution_generation = attribution_generation WHERE id = $1', [
      campaign.id,
    ]);
    expect(await arrived()).toEqual([]);

    const { body: link } = await createLink(owner, campaign.id, {
      label: 'Story',
      slug: 'catalogue-story',
      utmSource: 'instagram',
    }).expect(201);
    const links = `/api/v1/campaigns/${campaign.id}/links/${link.id}`;
    await owner.unsafe('patch', links).send({ label: 'Story 2' }).expect(200);
    await owner.unsafe('delete', links).expect(204);
    expect(await arrived()).toEqual([
      [
        'link.created',
        expect.objectContaining({
          linkId: link.id,
          campaignId: campaign.id,
          slug: 'catalogue-story',
          label: 'Story',
          utm: { source: 'instagram', medium: null, campaign: null, content: null, term: null },
        }),
      ],
      ['link.updated', expect.objectContaining({ linkId: link.id, label: 'Story 2' })],
      ['link.deleted', { linkId: link.id, campaignId: campaign.id, slug: 'catalogue-story' }],
    ]);

    // Deleting the campaign deletes its links too, and says so for each.
    const { body: last } = await createLink(owner, campaign.id, {
      label: 'Last',
      slug: 'catalogue-last',
    }).expect(201);
    await arrived();
    await owner.unsafe('delete', `/api/v1/campaigns/${campaign.id}`).expect(204);
    const deleted = await arrived();
    expect(deleted).toHaveLength(2);
    expect(deleted).toEqual(
      expect.arrayContaining([
        ['campaign.deleted', { campaignId: campaign.id, name: 'Catalogue 2' }],
        ['link.deleted', { linkId: last.id, campaignId: campaign.id, slug: 'catalogue-last' }],
      ]),
    );
  });

  it('sends play.attributed again only when re-attribution changes the attribution, and listener.erased', async () => {
    const { body: campaign } = await createCampaign(owner, { name: 'Reattributed', destination: uri }).expect(
      201,
    );
    await owner.unsafe('patch', `/api/v1/campaigns/${campaign.id}`).send({ status: 'active' });
    await createLink(owner, campaign.id, { label: 'Bio', slug: 'reattributed-bio' }).expect(201);
    const { userId, browser, listenerId, clickedAt } = await clickAndConnect(
      server,
      'reattributed-bio',
      'Re',
    );
    await sandboxControl(server.url, 'POST', `users/${userId}/plays`, {
      trackId: demoPlaylist(catalog).trackIds[1],
      playedAt: new Date(clickedAt + AFTER + 1_000).toISOString(),
      context: { type: 'playlist', uri },
    });
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: AFTER + 10_000 });
    expect((await syncNow(browser).expect(200)).body).toMatchObject({ attributedPlays: 1 });
    const first = (await arrived()).filter(([type]) => type === 'play.attributed');
    expect(first).toHaveLength(1);
    const [, attribution] = first[0]!;

    const reattribute = async () => {
      await owner.unsafe('post', `/api/v1/campaigns/${campaign.id}/reattribute`).expect(202);
      await server.app.get(ReattributionService).runDue();
    };
    // The same result: nothing to tell.
    await reattribute();
    expect((await arrived()).filter(([type]) => type === 'play.attributed')).toEqual([]);
    // An attribution that differs from what the engine computes now (as an older model's would)…
    await sql(server, 'UPDATE attributions SET score = 0.01 WHERE play_id = $1', [attribution['playId']]);
    expect(await arrived()).toEqual([['play.attributed', { ...attribution, score: 0.01 }]]);
    // …is changed by re-attribution, which says so.
    await reattribute();
    expect(await arrived()).toEqual([['play.attributed', attribution]]);

    await browser
      .delete('/api/v1/listeners/me')
      .set('User-Agent', BROWSER_UA)
      .set('X-Requested-With', 'soundlink')
      .expect(204);
    expect(await arrived()).toEqual([['listener.erased', { listenerId }]]);
  });
});
