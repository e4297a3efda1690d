import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeToken, parsePlatform, ValidationError } from '@pushreg/core';

const apns64 = 'a1b2c3d4'.repeat(8);
const fcm = `dQw4w9WgXcQ:APA91b${'Hk3_-x'.repeat(25)}`;

const refusedAs = (code: string) => (error: unknown) =>
  error instanceof ValidationError && error.code === code;

describe('platform', () => {
  test('accepts ios, android and web, ignoring surrounding whitespace', () => {
    assert.equal(parsePlatform('ios'), 'ios');
    assert.equal(parsePlatform(' android\n'), 'android');
    assert.equal(parsePlatform('web'), 'web');
  });

  for (const bad of ['', 'IOS', 'Android', 'windows', 'apns', 'fcm', 'i os', 'ios\u0000']) {
    test(`refuses platform ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parsePlatform(bad), refusedAs('invalid_platform'));
    });
  }
});

describe('ios tokens', () => {
  test('a 64-digit hex token is accepted and lowercased', () => {
    assert.equal(normalizeToken('ios', apns64.toUpperCase()), apns64);
  });

  test('mixed case gives the same token as lowercase', () => {
    const mixed = 'A1b2C3d4'.repeat(8);
    assert.equal(normalizeToken('ios', mixed), normalizeToken('ios', mixed.toLowerCase()));
  });

  test('surrounding whitespace is trimmed', () => {
    assert.equal(normalizeToken('ios', ` \t${apns64}\r\n`), apns64);
  });

  test('longer tokens are accepted up to 200 digits, since Apple does not fix the length', () => {
    assert.equal(normalizeToken('ios', 'ab'.repeat(50)).length, 100);
    assert.equal(normalizeToken('ios', 'ab'.repeat(100)).length, 200);
  });

  const refused: [string, string][] = [
    ['empty', ''],
    ['only whitespace', '   '],
    ['62 digits', 'ab'.repeat(31)],
    ['odd length', `${apns64}a`],
    ['202 digits', 'ab'.repeat(101)],
    ['non-hex letter', `${apns64.slice(0, 63)}g`],
    [
      'iOS 13 description',
      `{length = 32, bytes = 0x${apns64.slice(0, 16)}... ${apns64.slice(-16)} }`,
    ],
    [
      'old description in brackets',
      `<${apns64.slice(0, 8)} ${apns64.slice(8, 16)} ${apns64.slice(16)}>`,
    ],
    ['space inside', `${apns64.slice(0, 32)} ${apns64.slice(32)}`],
    ['control character inside', `${apns64.slice(0, 32)}\u0007${apns64.slice(32)}`],
    ['non-ASCII digits', `${apns64.slice(0, 62)}\u0661\u0662`],
    ['fullwidth hex', `${apns64.slice(0, 62)}\uff41\uff42`],
    ['0x prefix', `0x${apns64}`],
    ['an FCM token', fcm],
  ];
  for (const [name, token] of refused) {
    test(`refuses ${name}`, () => {
      assert.throws(() => normalizeToken('ios', token), refusedAs('invalid_token'));
    });
  }
});

describe('android and web tokens', () => {
  for (const platform of ['android', 'web'] as const) {
    test(`${platform}: an FCM registration token is accepted unchanged`, () => {
      assert.equal(normalizeToken(platform, fcm), fcm);
    });

    test(`${platform}: a 22-character Firebase Installation ID is accepted`, () => {
      assert.equal(normalizeToken(platform, 'cXz-9_aBcDeFgHiJkLmNoP'), 'cXz-9_aBcDeFgHiJkLmNoP');
    });

    test(`${platform}: tokens are case-sensitive`, () => {
      assert.notEqual(normalizeToken(platform, fcm.toUpperCase()), normalizeToken(platform, fcm));
    });

    test(`${platform}: length 20 and 4096 are the bounds`, () => {
      assert.equal(normalizeToken(platform, 'a'.repeat(20)).length, 20);
      assert.equal(normalizeToken(platform, 'a'.repeat(4096)).length, 4096);
      assert.throws(() => normalizeToken(platform, 'a'.repeat(19)), refusedAs('invalid_token'));
      assert.throws(() => normalizeToken(platform, 'a'.repeat(4097)), refusedAs('invalid_token'));
    });

    test(`${platform}: surrounding whitespace is trimmed`, () => {
      assert.equal(normalizeToken(platform, `\n ${fcm} `), fcm);
    });

    const refused: [string, string][] = [
      ['empty', ''],
      ['space inside', `${fcm.slice(0, 40)} ${fcm.slice(40)}`],
      ['a slash', `${fcm}/x`],
      ['a dot', `${fcm}.x`],
      ['a tab inside', `${fcm.slice(0, 40)}\t${fcm.slice(40)}`],
      ['a NUL', `${fcm}\u0000`],
      ['non-ASCII letters', `${fcm.slice(0, 40)}é${fcm.slice(40)}`],
      ['an emoji', `${fcm}😀`],
      ['the iOS 13 description', `{length = 32, bytes = 0x${'ab'.repeat(8)}... }`],
      ['JSON quotes', `"${fcm}"`],
    ];
    for (const [name, token] of refused) {
      test(`${platform}: refuses ${name}`, () => {
        assert.throws(() => normalizeToken(platform, token), refusedAs('invalid_token'));
      });
    }
  }
});
