import { checkTarget, Resolver } from './webhook-target';

const resolving =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('checkTarget', () => {
  it('pins the address a public host name resolves to', async () => {
    const check = await checkTarget('https://hooks.example.com/x', false, resolving('93.184.215.14'));
    expect(check).toEqual({
      ok: true,
      target: {
        url: new URL('https://hooks.example.com/x'),
        addresses: [{ address: '93.184.215.14', family: 4 }],
      },
    });
  });

  it('refuses a host name with one private address among public ones', async () => {
    const check = await checkTarget(
      'https://mixed.example.com/',
      false,
      resolving('93.184.215.14', '10.0.0.7'),
    );
    expect(check).toEqual({
      ok: false,
      reason: 'resolves to 10.0.0.7, a private address: only public addresses are allowed',
    });
  });

  it('refuses a host name that does not resolve', async () => {
    const failing: Resolver = () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    expect(await checkTarget('https://nowhere.example/', false, failing)).toEqual({
      ok: false,
      reason: 'the host nowhere.example does not resolve (ENOTFOUND)',
    });
  });

  it('admits http and private addresses when WEBHOOK_ALLOW_PRIVATE_TARGETS is set', async () => {
    const check = await checkTarget('http://127.0.0.1:8080/x', true);
    expect(check).toMatchObject({ ok: true, target: { addresses: [{ address: '127.0.0.1', family: 4 }] } });
  });
});
