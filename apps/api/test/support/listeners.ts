import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ClickBuffer } from '../../src/modules/campaign/redirect/click-buffer.service';
import { BROWSER_UA } from './campaigns';
import { answerConsent } from './sandbox';
import type { TestServer } from './test-server';

/**
 * A browser clicks the tracker link `/l/{slug}` and connects the sandbox user `userId` through the connect flow
 * (Spotify's consent answered in the sandbox); the clicks are flushed. Answers the browser (it holds the
 * listener cookie) and where the flow sent it at the end.
 */
export async function connectThroughLink(
  server: TestServer,
  slug: string,
  userId: string,
): Promise<{ browser: TestAgent; location: string }> {
  const browser = request.agent(server.url);
  const click = await browser.get(`/l/${slug}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
  const clickId = new URL(click.headers['location'] as string, server.url).searchParams.get('click');
  const start = await browser
    .get(`/api/v1/listeners/connect/start?slug=${slug}&click=${clickId}`)
    .set('User-Agent', BROWSER_UA)
    .redirects(0)
    .expect(302);
  const callback = new URL(await answerConsent(start.headers['location'] as string, userId));
  const back = await browser
    .get(`${callback.pathname}${callback.search}`)
    .set('User-Agent', BROWSER_UA)
    .redirects(0)
    .expect(302);
  await server.app.get(ClickBuffer).flush();
  return { browser, location: back.headers['location'] as string };
}

/** "Sync now" from the listener's browser. */
export const syncNow = (browser: TestAgent) =>
  browser
    .post('/api/v1/listeners/me/sync')
    .set('User-Agent', BROWSER_UA)
    .set('X-Requested-With', 'soundlink')
    .redirects(0);
