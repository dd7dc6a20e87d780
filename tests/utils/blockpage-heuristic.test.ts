import { describe, expect, it } from 'vitest';
import { assessPage, matchHeuristic } from '../../utils/blockpage/heuristic';
import { pageShape } from '../../utils/blockpage/html-text';
import { NEGATIVES } from '../fixtures/blockpages/negatives';
import { POSITIVES } from '../fixtures/blockpages/positives';

describe('the block-page heuristic on the corpus', () => {
  it('has enough pages to state a precision figure honestly', () => {
    expect(POSITIVES.length).toBeGreaterThanOrEqual(20);
    expect(NEGATIVES.filter((p) => /article|brief/.test(p.name)).length).toBeGreaterThanOrEqual(30);
    expect(new Set(POSITIVES.map((p) => p.lang)).size).toBeGreaterThanOrEqual(9);
  });

  it.each(POSITIVES.map((p) => [p.name, p] as const))('recognises the unknown block page %s', (_name, page) => {
    const match = matchHeuristic(pageShape(page.html));
    expect(match).not.toBeNull();
    expect(match!.source).toBe('heuristic');
    expect(match!.fingerprint).toMatch(/^heuristic\.[a-z]{2}$/);
    expect(match!.signals).toEqual(expect.arrayContaining(['short', 'few-links', 'no-article']));
    expect(match!.signals!.some((s) => s.startsWith('blocking:'))).toBe(true);
  });

  it.each(NEGATIVES.map((p) => [p.name, p] as const))('does not mistake %s for a block page', (_name, page) => {
    expect(matchHeuristic(pageShape(page.html))).toBeNull();
  });

  it('names the language of the page it matched', () => {
    const byName = Object.fromEntries(POSITIVES.map((p) => [p.name, p]));
    expect(matchHeuristic(pageShape(byName['kk-law']!.html))?.fingerprint).toBe('heuristic.kk');
    expect(matchHeuristic(pageShape(byName['tr-5651']!.html))?.fingerprint).toBe('heuristic.tr');
    expect(matchHeuristic(pageShape(byName['ru-federal-law']!.html))?.signals).toEqual(
      expect.arrayContaining(['blocking:ru', 'authority:ru', 'title']),
    );
  });
});

describe('assessPage, sign by sign', () => {
  const shape = (over: Partial<ReturnType<typeof pageShape>> = {}) => ({
    title: 'Доступ ограничен',
    text: 'Доступ к сайту ограничен по решению суда.',
    links: 1,
    articleMarks: 0,
    ...over,
  });

  it('matches a short notice with blocking words and an authority', () => {
    expect(assessPage(shape()).match).toBe(true);
  });

  it('refuses the same words on a long page, a page of links, or an article', () => {
    expect(assessPage(shape({ text: `${shape().text} ${'Текст статьи. '.repeat(400)}` })).match).toBe(false);
    expect(assessPage(shape({ links: 40 })).match).toBe(false);
    expect(assessPage(shape({ articleMarks: 1 })).match).toBe(false);
  });

  it.each([
    'Access to the requested website has been blocked by judicial decision!',
    'Sorry. Access to this website has been disabled because of a court order.',
    'This web site has been blocked by order of the regulator.',
  ])('knows the English phrasing %s', (text) => {
    expect(assessPage(shape({ title: 'Notice', text })).signals).toContain('blocking:en');
  });

  it('needs the blocking words: an authority alone is not enough', () => {
    expect(assessPage(shape({ title: 'Решение суда', text: 'Суд вынес решение по делу.' })).match).toBe(false);
  });

  it('without an authority, needs both title and text to say the site is blocked', () => {
    expect(assessPage(shape({ title: 'Доступ запрещён', text: 'У вас нет прав для просмотра этой страницы.' })).match).toBe(false);
    expect(assessPage(shape({ title: 'Сайт заблокирован', text: 'Этот сайт заблокирован.' })).match).toBe(true);
  });
});
