import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { DigestEntry } from '../../src/delivery/digest-entry.js';
import { DIGEST_WORDS } from '../../src/delivery/digest-words.js';
import { MAIL_ROWS } from '../../src/delivery/mail-rows.js';
import { renderDepartmentDigest } from '../../src/delivery/render-department.js';

/** A department with thousands of late items: the mail stays readable, the CSV keeps them all. */
function entries(count: number): DigestEntry[] {
  return Array.from({ length: count }, (_, j) => ({
    notificationId: j,
    itemId: j,
    reference: `BIG-${String(j).padStart(5, '0')}`,
    title: `区财政局采购合同公告（第${j + 1}号）`,
    departmentCode: 'tinghu.czj',
    departmentName: '区财政局',
    category: '政府采购交易过程信息',
    ruleId: 'general.active',
    basis: '主动公开信息（20个工作日）',
    countsHours: false,
    step: 'overdue+1',
    stage: 'overdue',
    dueDate: '2026-11-03',
    dueAt: '2026-11-03T23:59:59.999+08:00',
    state: 'overdue',
    timeLeft: '逾期3个工作日',
    recipients: ['department'],
  }));
}

describe('a digest of thousands of items', () => {
  it(`shows the first ${MAIL_ROWS} in the mail, says how many more, and attaches every one`, () => {
    const mail = renderDepartmentDigest({ departmentCode: 'tinghu.czj', departmentName: '区财政局', date: '2026-11-06', entries: entries(5_000), words: DIGEST_WORDS.zh, portalLink: 'http://portal.example.test/a/x' });
    expect(mail.text).toContain(`……另有${5_000 - MAIL_ROWS}行未在邮件中列出，完整清单见附件 CSV。`);
    expect(mail.text.match(/^\[已逾期\] BIG-/gm)).toHaveLength(MAIL_ROWS);
    expect(mail.html.match(/<tr>/g)).toHaveLength(MAIL_ROWS + 1); // the header row and the rows shown
    expect(mail.html).toContain(`另有${5_000 - MAIL_ROWS}行未在邮件中列出`);
    expect(mail.html.length).toBeLessThan(300_000);
    expect(parse(mail.csv)).toHaveLength(5_001);
  });

  it('a digest within the limit lists everything and says nothing more', () => {
    const mail = renderDepartmentDigest({ departmentCode: 'tinghu.czj', departmentName: '区财政局', date: '2026-11-06', entries: entries(MAIL_ROWS), words: DIGEST_WORDS.zh, portalLink: 'http://portal.example.test/a/x' });
    expect(mail.text).not.toContain('未在邮件中列出');
  });
});
