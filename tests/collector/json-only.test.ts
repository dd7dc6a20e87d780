import { describe, expect, it } from 'vitest';
import { isJsonContentType } from '../../collector/json-only';

describe('isJsonContentType', () => {
  it.each(['application/json', 'application/json; charset=utf-8', ' APPLICATION/JSON ;charset=UTF-8', 'application/json;foo=bar'])(
    'takes %s',
    (type) => {
      expect(isJsonContentType(type)).toBe(true);
    },
  );

  it.each([
    undefined,
    '',
    'text/plain',
    'text/plain; x=application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=a',
    'application/json-seq',
    'application/ld+json',
    'application/jsonp',
  ])('refuses %s', (type) => {
    expect(isJsonContentType(type)).toBe(false);
  });
});
