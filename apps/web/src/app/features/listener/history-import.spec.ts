import { apiError, deferred, FakeAnswer } from '../../../testing/fake-api-client';
import { button, settle, text } from '../../../testing/dom';
import {
  chooseFile,
  historyFile,
  historyImport,
  IMPORT_ID,
  importDone,
  importHalfway,
  importQueued,
} from '../../../testing/insights';
import { listenerMe, renderListenerPage } from '../../../testing/listener';

const HEADER = { 'X-Requested-With': 'soundlink' };

const counts = (el: HTMLElement) =>
  Object.fromEntries(
    Array.from(el.querySelectorAll('.import__counts > div')).map((row) => [
      text(row.querySelector('dt')),
      text(row.querySelector('dd')),
    ]),
  );

function fileInput(el: HTMLElement): HTMLInputElement {
  return el.querySelector<HTMLInputElement>('#history-file')!;
}

describe('Streaming-history import on /me', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('offers a file input for .zip and .json, with a label', async () => {
    const { el } = await renderListenerPage();

    const input = fileInput(el);
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.zip,.json,application/zip,application/json');
    expect(text(el.querySelector('label[for="history-file"]'))).toBe('History file (.zip or .json)');
    expect(button(el, 'Import').disabled).toBe(true);
  });

  it('uploads the file as the raw body with its type, then follows the job to the end with its counts', async () => {
    const upload = deferred<FakeAnswer>();
    const statuses = [importHalfway(), importDone()];
    let plays = 42;
    const { el, fixture, fake } = await renderListenerPage({
      'GET /api/v1/listeners/me': () => ({
        status: 200,
        body: listenerMe({ counts: { clicks: 3, plays, campaigns: 1 } }),
      }),
      'POST /api/v1/listeners/me/imports': () => upload.promise,
      'GET /api/v1/listeners/me/imports/{id}': () => {
        const next = statuses.shift()!;
        if (next.status === 'completed') plays += 3_900;
        return { status: 200, body: next };
      },
    });
    const file = historyFile();

    chooseFile(fileInput(el), file);
    await settle(fixture);
    button(el, 'Import').click();
    await settle(fixture);

    const post = fake.calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe('/api/v1/listeners/me/imports');
    const init = post.init as Record<string, unknown> & { bodySerializer: (b: unknown) => unknown };
    expect(init['body']).toBe(file);
    expect(init.bodySerializer(file)).toBe(file);
    expect(init['headers']).toEqual({ 'Content-Type': 'application/json' });
    expect(init['params']).toEqual({ query: { filename: file.name }, header: HEADER });
    expect(text(el.querySelector('#import-status'))).toContain(
      'Uploading and checking Streaming_History_Audio_2023_1.json (2 bytes)…',
    );
    expect(button(el, 'Uploading…').disabled).toBe(true);
    expect(fileInput(el).disabled).toBe(true);

    upload.resolve({ status: 202, body: historyImport() });
    await settle(fixture);
    await settle(fixture);
    await settle(fixture);

    const polls = fake.calls.filter((c) => c.path === '/api/v1/listeners/me/imports/{id}');
    expect(polls.map((c) => c.init.params?.path)).toEqual([{ id: IMPORT_ID }, { id: IMPORT_ID }]);
    expect(text(el.querySelector('#import-status'))).toBe(
      'Import finished: 3,900 new plays added from Streaming_History_Audio_2023_1.json.',
    );
    expect(counts(el)).toEqual({
      Imported: '3,900',
      'Already there': '100',
      'Podcasts skipped': '700',
      'Short plays dropped': '500',
    });
    // The page's figures and the insights are fetched again.
    expect(text(el.querySelector('.listener__counts'))).toContain('3942');
    expect(fake.calls.filter((c) => c.path === '/api/v1/listeners/me/insights')).toHaveLength(2);
    expect(button(el, 'Import').disabled).toBe(false);
  });

  it('shows the progress of a running import', async () => {
    const { el, fixture } = await renderListenerPage({
      'POST /api/v1/listeners/me/imports': { status: 202, body: historyImport() },
      // Never finishes in this spec: stays halfway.
      'GET /api/v1/listeners/me/imports/{id}': { status: 200, body: importHalfway() },
    });

    chooseFile(fileInput(el), historyFile('my_spotify_data.zip'));
    await settle(fixture);
    button(el, 'Import').click();
    await settle(fixture);

    const status = el.querySelector('#import-status')!;
    expect(text(status)).toContain(
      'Importing Streaming_History_Audio_2023_1.json: 50 % (2,000 of 4,000 plays)',
    );
    const progress = status.querySelector('progress')!;
    expect(progress.getAttribute('aria-label')).toBe('Import progress');
    expect(progress.value).toBe(50);
    expect(counts(el)['Imported']).toBe('1,950');
    expect(button(el, 'Import').disabled).toBe(true);
    fixture.destroy();
  });

  it('says an import waits in the queue, with its position, then follows it once it runs', async () => {
    let current = importQueued();
    const { el, fixture } = await renderListenerPage({
      'POST /api/v1/listeners/me/imports': { status: 202, body: importQueued() },
      'GET /api/v1/listeners/me/imports/{id}': () => ({ status: 200, body: current }),
    });

    chooseFile(fileInput(el), historyFile('my_spotify_data.zip'));
    await settle(fixture);
    button(el, 'Import').click();
    await settle(fixture);

    expect(text(el.querySelector('#import-status'))).toBe(
      'Streaming_History_Audio_2023_1.json is checked and waiting for other imports to finish. Position 2 in the queue. It starts on its own; you can leave this page.',
    );
    expect(el.querySelector('#import-status progress')).toBeNull();
    expect(button(el, 'Import').disabled).toBe(true);

    current = importHalfway();
    await settle(fixture);
    await settle(fixture);
    expect(text(el.querySelector('#import-status'))).toContain(
      'Importing Streaming_History_Audio_2023_1.json: 50 % (2,000 of 4,000 plays)',
    );
    fixture.destroy();
  });

  it('follows an import still queued when the page opens', async () => {
    const { el, fake } = await renderListenerPage({
      'GET /api/v1/listeners/me/imports': { status: 200, body: [importQueued()] },
      'GET /api/v1/listeners/me/imports/{id}': { status: 200, body: importDone() },
    });

    expect(fake.calls.some((c) => c.path === '/api/v1/listeners/me/imports/{id}')).toBe(true);
    expect(text(el.querySelector('#import-status'))).toContain('Import finished: 3,900 new plays');
  });

  it('follows an import still running when the page opens', async () => {
    const { el, fake } = await renderListenerPage({
      'GET /api/v1/listeners/me/imports': { status: 200, body: [historyImport()] },
      'GET /api/v1/listeners/me/imports/{id}': { status: 200, body: importDone() },
    });

    expect(fake.calls.some((c) => c.path === '/api/v1/listeners/me/imports/{id}')).toBe(true);
    expect(text(el.querySelector('#import-status'))).toContain('Import finished: 3,900 new plays');
  });

  it('sends a ZIP as application/zip', async () => {
    const { el, fixture, fake } = await renderListenerPage({
      'POST /api/v1/listeners/me/imports': { status: 202, body: importDone() },
    });
    chooseFile(fileInput(el), new File(['PK'], 'my_spotify_data.zip', { type: '' }));
    await settle(fixture);
    button(el, 'Import').click();
    await settle(fixture);
    expect((fake.calls.find((c) => c.method === 'POST')!.init as { headers: unknown }).headers).toEqual({
      'Content-Type': 'application/zip',
    });
  });

  it('refuses a file that is neither .zip nor .json before uploading anything', async () => {
    const { el, fixture, fake } = await renderListenerPage();
    chooseFile(fileInput(el), new File(['x'], 'history.csv', { type: 'text/csv' }));
    await settle(fixture);

    expect(text(el.querySelector('.import [role="alert"]'))).toContain(
      'history.csv isn’t a .zip or .json file.',
    );
    expect(button(el, 'Import').disabled).toBe(true);
    expect(fake.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('says a file is too big (413) in the API’s words, naming the file', async () => {
    const { el, fixture } = await renderListenerPage({
      'POST /api/v1/listeners/me/imports': apiError(
        413,
        'PayloadTooLarge',
        'The upload is larger than the import limit of 100 MB (104857600 bytes). Upload the ZIP, or its Streaming_History_Audio_*.json files one at a time.',
      ),
    });
    chooseFile(fileInput(el), historyFile('my_spotify_data.zip'));
    await settle(fixture);
    button(el, 'Import').click();
    await settle(fixture);

    expect(text(el.querySelector('.import [role="alert"]'))).toBe(
      'my_spotify_data.zip is too big to import. The upload is larger than the import limit of 100 MB (104857600 bytes). Upload the ZIP, or its Streaming_History_Audio_*.json files one at a time.',
    );
    expect(el.querySelector('.import__counts')).toBeNull();
    expect(button(el, 'Import').disabled).toBe(false);
  });

  it('names the file and the entry a refused history (422) stumbled on', async () => {
    const { el, fixture } = await renderListenerPage({
      'POST /api/v1/listeners/me/imports': apiError(
        422,
        'HistoryInvalid',
        'This is not a Spotify extended streaming history: Streaming_History_Audio_2023_1.json, entry 41: ms_played must be a whole number.',
        [{ field: 'Streaming_History_Audio_2023_1.json[41].ms_played', reason: 'must be a whole number' }],
      ),
    });
    chooseFile(fileInput(el), historyFile());
    await settle(fixture);
    button(el, 'Import').click();
    await settle(fixture);

    const alert = text(el.querySelector('.import [role="alert"]'));
    expect(alert).toContain('Streaming_History_Audio_2023_1.json couldn’t be imported.');
    expect(alert).toContain('entry 41: ms_played must be a whole number');
    expect(alert).toContain('(at Streaming_History_Audio_2023_1.json[41].ms_played)');
    expect(alert).toContain('Nothing was imported.');
  });

  it('says so when the import stops on the server', async () => {
    const { el, fixture } = await renderListenerPage({
      'POST /api/v1/listeners/me/imports': { status: 202, body: historyImport() },
      'GET /api/v1/listeners/me/imports/{id}': {
        status: 200,
        body: historyImport({ status: 'failed', error: 'The server stopped during the import.' }),
      },
    });
    chooseFile(fileInput(el), historyFile());
    await settle(fixture);
    button(el, 'Import').click();
    await settle(fixture);
    await settle(fixture);

    expect(text(el.querySelector('.import [role="alert"]'))).toBe(
      'The import stopped before it finished. The server stopped during the import. Uploading the file again is safe.',
    );
  });
});
