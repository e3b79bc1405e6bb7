import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/app/contentSecurityPolicy';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('Content-Security-Policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('is exactly the strict policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; frame-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('allows no inline or evaluated code and no styles from anywhere else', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|strict-dynamic|nonce-|sha\d+-|\*/);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
  });

  it('names no host, scheme or wildcard except data: for images', () => {
    for (const [name, values] of policy) {
      const sources = values.filter((value) => !value.startsWith("'"));
      expect([name, sources]).toEqual([name, name === 'img-src' ? ['data:'] : []]);
    }
  });

  it('forbids plugins, frames, <base>, form posts and being framed', () => {
    for (const name of ['object-src', 'frame-src', 'base-uri', 'frame-ancestors', 'form-action']) {
      expect([name, policy.get(name)]).toEqual([name, ["'none'"]]);
    }
  });
});
