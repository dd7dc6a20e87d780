import { describe, expect, it } from 'vitest';
import { MAX_HTML, pageShape } from '../../utils/blockpage/html-text';

describe('pageShape', () => {
  it('reads title and visible text, not scripts, styles, comments or templates', () => {
    const shape = pageShape(
      '<html><head><title>A &amp; B</title><style>p{}</style></head><body><!-- hidden --><script>var blocked=1</script>' +
        '<p>Visible&nbsp;text &#1044;&#x43e;</p><template>no</template><noscript>nope</noscript></body></html>',
    );
    expect(shape.title).toBe('A & B');
    expect(shape.text).toBe('Visible text До');
  });

  it('counts links and the marks of an article', () => {
    const long = 'word '.repeat(60);
    expect(pageShape('<a href="/a">a</a><a name="x">b</a><A HREF=/c>c</A>').links).toBe(2);
    expect(pageShape('<p>short</p>').articleMarks).toBe(0);
    expect(pageShape('<article><p>x</p></article>').articleMarks).toBeGreaterThan(0);
    expect(pageShape('<meta property="og:type" content="article">').articleMarks).toBeGreaterThan(0);
    expect(pageShape(`<p>${long}</p><p>${long}</p><p>${long}</p>`).articleMarks).toBeGreaterThan(0);
  });

  it('treats an unclosed script as hiding the rest of the page', () => {
    expect(pageShape('<p>before</p><script>never closed <p>after</p>').text).toBe('before');
  });

  it('reads at most MAX_HTML characters, and hostile markup stays linear', () => {
    const huge = `<p>${'x'.repeat(MAX_HTML * 2)}</p>`;
    expect(pageShape(huge).text.length).toBeLessThanOrEqual(MAX_HTML);
    // Thousands of unclosed tags of every kind would be quadratic for a naive pattern.
    const hostile = '<script<!--<a <p '.repeat(20_000) + '<a href=x'.repeat(5_000);
    const shape = pageShape(hostile);
    expect(shape.links).toBeGreaterThanOrEqual(0);
  });
});
