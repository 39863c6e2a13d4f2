// Access-token checks, including the per-process memory of tokens already verified: a token that
// passed once is answered from memory until it expires, never beyond, and only for its own secret.
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_SECONDS, signAccessToken, verifyAccessToken } from '../../src/server/auth/tokens';

const secret = () => crypto.getRandomValues(new Uint8Array(32));
const claims = { userId: '5e1d0a11-7c2b-4d3e-8f90-000000000001', deviceId: 'd0000000-0000-4000-8000-000000000001' };
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: { body(): { error: string } }) => e.body().error,
  );

describe('verifyAccessToken', () => {
  it('accepts a token again from memory, with the same claims', async () => {
    const key = secret();
    const token = await signAccessToken(key, claims);
    expect(await verifyAccessToken(key, token)).toEqual(claims);
    expect(await verifyAccessToken(key, token)).toEqual(claims);
  });

  it('refuses a remembered token once it has expired', async () => {
    const key = secret();
    const issued = Date.now();
    const token = await signAccessToken(key, claims, issued);
    expect(await verifyAccessToken(key, token, issued + 1000)).toEqual(claims);
    const after = issued + (ACCESS_TOKEN_SECONDS + 1) * 1000;
    expect(await errorOf(verifyAccessToken(key, token, after))).toBe('token_expired');
  });

  it('refuses the same token under another secret, and a forged signature of a remembered token', async () => {
    const key = secret();
    const token = await signAccessToken(key, claims);
    await verifyAccessToken(key, token);
    expect(await errorOf(verifyAccessToken(secret(), token))).toBe('invalid_token');
    const [head, body, sig] = token.split('.');
    const forged = `${head}.${body}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await errorOf(verifyAccessToken(key, forged))).toBe('invalid_token');
    const otherBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), sub: 'someone-else' }),
    ).toString('base64url');
    expect(await errorOf(verifyAccessToken(key, `${head}.${otherBody}.${sig}`))).toBe('invalid_token');
  });
});
