import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  normalizeAppVersion,
  normalizeLocale,
  normalizeTopics,
  ValidationError,
} from '@pushreg/core';

const refusedAs = (code: string) => (error: unknown) =>
  error instanceof ValidationError && error.code === code;

describe('topics', () => {
  test('accepts every allowed character and keeps case', () => {
    assert.deepEqual(normalizeTopics(['News', 'news', 'a.b~c%d-e_f9']), [
      'News',
      'news',
      'a.b~c%d-e_f9',
    ]);
  });

  test('removes duplicates keeping first-seen order', () => {
    assert.deepEqual(normalizeTopics(['b', 'a', 'b', 'a', 'c']), ['b', 'a', 'c']);
  });

  test('an empty list is no topics', () => {
    assert.deepEqual(normalizeTopics([]), []);
  });

  test('1 and 64 characters are the length bounds', () => {
    assert.deepEqual(normalizeTopics(['x', 'y'.repeat(64)]), ['x', 'y'.repeat(64)]);
    assert.throws(() => normalizeTopics(['']), refusedAs('invalid_topics'));
    assert.throws(() => normalizeTopics(['y'.repeat(65)]), refusedAs('invalid_topics'));
  });

  test('100 distinct topics are accepted, 101 refused', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `t${i}`);
    assert.equal(normalizeTopics(hundred).length, 100);
    assert.throws(() => normalizeTopics([...hundred, 't100']), refusedAs('too_many_topics'));
  });

  test('duplicates do not count against the limit', () => {
    const repeated = Array.from({ length: 150 }, (_, i) => `t${i % 10}`);
    assert.equal(normalizeTopics(repeated).length, 10);
  });

  test('5,000 topics are refused', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `t${i}`);
    assert.throws(() => normalizeTopics(many), refusedAs('too_many_topics'));
  });

  for (const bad of [
    'with space',
    ' news',
    'news\n',
    'a/b',
    'a:b',
    'nöws',
    'tab\there',
    '\u0000',
  ]) {
    test(`refuses topic ${JSON.stringify(bad)}`, () => {
      assert.throws(() => normalizeTopics(['ok', bad]), refusedAs('invalid_topics'));
    });
  }
});

describe('app version', () => {
  test('absent, null and blank mean unknown', () => {
    assert.equal(normalizeAppVersion(undefined), null);
    assert.equal(normalizeAppVersion(null), null);
    assert.equal(normalizeAppVersion('  '), null);
  });

  test('is trimmed and accepts any printable ASCII up to 32 characters', () => {
    assert.equal(normalizeAppVersion(' 1.2.3 (456) '), '1.2.3 (456)');
    assert.equal(normalizeAppVersion('v'.repeat(32)), 'v'.repeat(32));
    assert.equal(normalizeAppVersion('2.0.0-beta+exp.sha~!'), '2.0.0-beta+exp.sha~!');
  });

  for (const bad of ['v'.repeat(33), '1.0\u0000', '1.0\u007f', '1.0\n2', 'versión']) {
    test(`refuses ${JSON.stringify(bad.slice(0, 40))}`, () => {
      assert.throws(() => normalizeAppVersion(bad), refusedAs('invalid_app_version'));
    });
  }
});

describe('locale', () => {
  test('absent, null and blank mean unknown', () => {
    assert.equal(normalizeLocale(undefined), null);
    assert.equal(normalizeLocale(null), null);
    assert.equal(normalizeLocale(''), null);
  });

  test('accepts the usual forms up to 35 characters', () => {
    assert.equal(normalizeLocale('en_UK'), 'en_UK');
    assert.equal(normalizeLocale(' pt-BR '), 'pt-BR');
    assert.equal(normalizeLocale('zh-Hant-TW'), 'zh-Hant-TW');
    assert.equal(normalizeLocale('x'.repeat(35)), 'x'.repeat(35));
  });

  for (const bad of ['x'.repeat(36), 'en UK', 'en.UK', 'en@euro', 'fr_FR\u0000', 'ελ']) {
    test(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(() => normalizeLocale(bad), refusedAs('invalid_locale'));
    });
  }
});
