import { describe, expect, it } from 'vitest';
import { comparable, decodeEntities, pageShowsItem } from '../../src/inspection/page-shows-item.js';

const item = { title: '关于2026年第三季度政务公开工作要点的通知', reference: '汀府办发〔2026〕12号' };
const page = (body: string) => `<!doctype html><html><head><title>汀湖区人民政府</title></head><body>${body}</body></html>`;

describe('pageShowsItem', () => {
  it('finds the title broken over tags and lines', () => {
    const html = page('<h1 class="t">关于2026年第三季度\n  <span>政务公开</span><br/>\r\n工作要点的通知</h1>');
    expect(pageShowsItem(html, item)).toBe(true);
  });

  it('finds the title padded with &nbsp;, full-width spaces (U+3000) and numeric entities', () => {
    const html = page('<p>关于&nbsp;2026年第三季度\u3000政务公开&#x5DE5;&#20316;要点的通知</p>');
    expect(pageShowsItem(html, item)).toBe(true);
  });

  it('finds the title typed with full-width digits', () => {
    expect(pageShowsItem(page('<p>关于２０２６年第三季度政务公开工作要点的通知</p>'), item)).toBe(true);
  });

  it('counts the reference alone, in full-width digits and other brackets', () => {
    const noTitle = { title: '一个页面上没有的标题', reference: item.reference };
    expect(pageShowsItem(page('<td>汀府办发〔２０２６〕１２号</td>'), noTitle)).toBe(true);
    expect(pageShowsItem(page('<td>汀府办发[2026]12号</td>'), noTitle)).toBe(true);
    expect(pageShowsItem(page('<td>汀府办发【2026】12号</td>'), noTitle)).toBe(true);
    expect(pageShowsItem(page('<td>汀府办发〔2026〕13号</td>'), noTitle)).toBe(false);
  });

  it('does not count a page that shows only part of the title', () => {
    expect(pageShowsItem(page('<p>关于2026年第三季度政务公开工作的通知</p>'), item)).toBe(false);
    expect(pageShowsItem(page('<p>政务公开工作要点</p>'), item)).toBe(false);
  });

  it('does not count the title inside a script, a style or a comment', () => {
    const hidden = page(
      `<script>var t = "${item.title}"; var r = "${item.reference}";</script>` +
        `<style>/* ${item.title} */</style><!-- ${item.title} --><p>本栏目暂无信息</p>`,
    );
    expect(pageShowsItem(hidden, item)).toBe(false);
  });

  it('does not count the title inside a tag attribute', () => {
    expect(pageShowsItem(page(`<a title="${item.title}" href="/x">查看</a>`), item)).toBe(false);
  });

  it('never matches an empty title and reference', () => {
    expect(pageShowsItem(page('<p>任何内容</p>'), { title: ' ', reference: '' })).toBe(false);
  });
});

describe('decodeEntities and comparable', () => {
  it('decodes numeric and common named entities once', () => {
    expect(decodeEntities('&ldquo;&#x4E2D;&#25991;&rdquo; &amp;lt; &lt;b&gt; &unknown;')).toBe('“中文” &lt; <b> &unknown;');
    expect(decodeEntities('&#0; &#xD800; &#1114112;')).toBe('\ufffd \ufffd \ufffd');
  });

  it('drops every kind of space and folds width', () => {
    expect(comparable(' Ａ\u3000b\u00a0c\u200b\n d ')).toBe('abcd');
  });
});
