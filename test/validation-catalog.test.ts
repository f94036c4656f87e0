import * as fs from 'fs';
import {
  buildCatalog,
  CATALOG_PATH,
  propMatches,
  readableMessage,
  renderCatalog,
  validationSites,
} from '../scripts/validation-catalog';

describe('validation catalog', () => {
  const entries = buildCatalog();

  test('docs/validation.md is current', () => {
    const written = fs.existsSync(CATALOG_PATH) ? fs.readFileSync(CATALOG_PATH, 'utf8') : '';
    // On failure, run `npm run docs:validation` and commit docs/validation.md.
    expect(written).toBe(renderCatalog(entries));
  });

  test('every validated prop has a test', () => {
    const untested = validationSites()
      .filter((site) => !entries.some((entry) => propMatches(site.prop, entry.prop)))
      .map((site) => `${site.prop} (${site.file}:${site.line})`);
    expect(untested).toEqual([]);
  });

  test('prop patterns match interpolated props', () => {
    expect(propMatches('pathRateLimits[<id>].limit', 'pathRateLimits[login].limit')).toBe(true);
    expect(propMatches('pathRateLimits[<id>].limit', 'rateLimit')).toBe(false);
  });

  test('messages read without regex escapes', () => {
    expect(readableMessage('^a\\/b: got "x"; .*c\\.$')).toBe('a/b: got "x"; …c.');
  });
});
