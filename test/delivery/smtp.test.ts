import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMessages } from '../../src/delivery/compose.js';
import { composeEscalation } from '../../src/delivery/compose-escalation.js';
import { deliverPending } from '../../src/delivery/deliver.js';
import { RelayAuthError, smtpTransport } from '../../src/delivery/transport.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { insertItems } from '../../src/ledger/item-store.js';
import { scan } from '../../src/monitor/scan.js';
import { loadTestConfig } from '../helpers/config.js';
import { facts, useLedgerDatabase } from '../helpers/ledger-fixtures.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { MAIL, TEST_SIGNER } from '../helpers/worker-context.js';
import { findLinkByToken } from '../../src/portal/access-links.js';

const config = loadTestConfig();
// Formed 2026-09-30, due 2026-11-03 (general.active); on 2026-11-06 (T+3) every item is escalated: its
// department's digest (leader copied) and the supervising office's.
const DAY = DateTime.fromISO('2026-11-06T09:00:00+08:00', { setZone: true });
const departments = config.organisation.departments;
/** Where the digest's PNGs are written, to look at. */
const scratch = mkdtempSync(join(tmpdir(), 'dw-digest-charts-'));

describe('delivery through a real SMTP server on loopback (smtp-server, parsed with mailparser)', () => {
  const database = useLedgerDatabase('postgres');
  let sink: SmtpSink;
  beforeAll(async () => {
    const { db } = database;
    const items = departments.map((d, i) =>
      draftItem(facts({ reference: `M-${i + 1}`, jurisdiction: d.jurisdiction, departmentCode: d.code, title: `${d.name}采购合同公告 <第${i + 1}号> & 附件`, category: 'procurement.transaction' }), config.ruleBook),
    );
    // A title Excel would run as a formula (CSV injection).
    const formula = draftItem(facts({ reference: 'M-X', title: '=HYPERLINK("http://evil.test","点此")' }), config.ruleBook);
    await insertItems(db, [...items, formula], { actor: 'test', at: '2026-10-20T09:00:00+08:00' });
    await scan(db, { ruleBook: config.ruleBook, ladders: config.ladders }, DAY);
    await composeMessages(db, config, DAY, MAIL);
    await composeEscalation(db, config, DAY, MAIL);
  });
  afterAll(async () => sink?.close());

  it('with 30% of transactions refused for a while, every message arrives exactly once in the end', async () => {
    sink = await startSmtpSink({ temporaryFailureRate: 0.3 });
    const transport = smtpTransport(sink.url);
    const expected = (await database.db('messages').pluck('message_id')).sort();
    expect(expected.length).toBe(departments.length + config.organisation.supervisors.length);
    try {
      // Each round an hour later, past any backoff.
      for (let round = 0; round < 12; round++) await deliverPending(database.db, transport, DAY.plus({ hours: round }), MAIL);
    } finally {
      await transport.close();
    }
    expect(sink.refused).toBeGreaterThan(0);
    expect(sink.accepted.map((m) => m.messageId).sort()).toEqual(expected);
    expect(await database.db('messages').whereNot({ status: 'sent' }).count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(await database.db('notifications').whereNot({ status: 'sent' }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('sends a department digest as people read it: Chinese subject and bodies, Beijing time, escaped HTML', async () => {
    const czj = sink.accepted.find((m) => m.messageId === '<dw.department.tinghu.czj.20261106@example.test>');
    if (!czj) throw new Error('the 区财政局 digest did not arrive');
    expect(czj.subject).toBe('【政务公开提醒】区财政局：2项已逾期（2026-11-06）');
    expect(czj.from?.value).toEqual([{ address: 'dw@example.test', name: '政务公开时限监测' }]);
    expect(czj.to && !Array.isArray(czj.to) ? czj.to.value.map((a) => a.address) : []).toEqual(['gongkai@czj.tinghu.example.test']);
    expect(czj.cc && !Array.isArray(czj.cc) ? czj.cc.value.map((a) => a.address) : []).toEqual(['leader@czj.tinghu.example.test']);
    expect(czj.headers.get('x-disclosure-watch-key')).toBe('department:tinghu.czj:2026-11-06');
    const raw = sink.raw[sink.accepted.indexOf(czj)]?.toString('utf8') ?? '';
    expect(raw).toMatch(/^Date: Fri, 0?6 Nov 2026 09:00:00 \+0800\r?$/m);
    expect(czj.text).toContain('[逾期督办] M-');
    expect(czj.text).toContain('区财政局采购合同公告 <第');
    // Each item with its rule and legal basis, the deadline in Beijing time, where it stands, and what to do.
    expect(czj.text).toContain('| 主动公开信息（20个工作日）；依据：国务院办公厅关于推进公共资源配置领域政府信息公开的意见（国办发〔2017〕97号） 二(四) | 2026-11-03 24:00 | 逾期3个工作日');
    // What to do: each item links to itself on the department's page, through the digest's own link (a token the
    // ledger never stored: the stored mail keeps a placeholder that delivery filled in).
    expect(czj.text).toContain('在线办理（登记公开、申请不予公开、上传台账）：http://portal.example.test/a/');
    expect(czj.text).toMatch(/^ {4}登记公开\/申请不予公开 http:\/\/portal\.example\.test\/a\/[A-Za-z0-9_-]{43}\?item=\d+$/m);
    expect(czj.html).toMatch(/<a href="http:\/\/portal\.example\.test\/a\/[A-Za-z0-9_-]{43}\?item=\d+">登记公开\/申请不予公开<\/a>/);
    const token = /\/a\/([A-Za-z0-9_-]{43})/.exec(czj.text ?? '')?.[1] as string;
    expect(await findLinkByToken(database.db, TEST_SIGNER, token, DAY)).toMatchObject({ link: { audience: 'department', audienceCode: 'tinghu.czj' } });
    const stored = await database.db('messages').where({ key: 'department:tinghu.czj:2026-11-06' }).first();
    expect(`${stored.text_body}${stored.html_body}${stored.attachment_csv}`).not.toContain(token);
    expect(czj.html).toContain('区财政局采购合同公告 &lt;第');
    expect(czj.html).not.toMatch(/<第\d+号>/);
    expect(raw).toMatch(/^List-ID: <department\.tinghu\.czj\.example\.test>\r?$/m);
    expect(czj.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('attaches the full list as CSV for Excel: UTF-8 with BOM, CRLF, formulas neutralised', () => {
    const czj = sink.accepted.find((m) => m.messageId === '<dw.department.tinghu.czj.20261106@example.test>');
    const [csv] = czj?.attachments ?? [];
    expect(csv?.filename).toBe('政务公开提醒-tinghu.czj-2026-11-06.csv');
    expect(csv?.contentType).toBe('text/csv');
    const bytes = csv?.content as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('状态,编号,事项名称,信息类别,规则及依据,公开期限（北京时间）,剩余/逾期,办理');
    expect(lines.join('\n')).toContain(
      `逾期督办,M-X,"\'=HYPERLINK(""http://evil.test"",""点此"")",政府采购交易过程信息（采购公告、采购文件、采购预算等）,主动公开信息（20个工作日）；依据：国务院办公厅关于推进公共资源配置领域政府信息公开的意见（国办发〔2017〕97号） 二(四),2026-11-03 24:00,逾期3个工作日,`,
    );
    expect(lines.find((line) => line.startsWith('逾期督办,M-X,'))).toMatch(/,http:\/\/portal\.example\.test\/a\/[A-Za-z0-9_-]{43}\?item=\d+$/);
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(4);
  });

  it("shows the escalation digest's charts inline (cid: PNGs, the bars and the trend); the text keeps its tables", () => {
    const office = sink.accepted.find((m) => m.messageId === '<dw.supervisor.tinghu.20261106@example.test>');
    if (!office) throw new Error("the office's digest did not arrive");
    const images = office.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => [a.filename, a.contentDisposition, a.related])).toEqual([
      ['on-time-rates-2026-11-06.png', 'inline', true],
      ['on-time-trend-2026-11-06.png', 'inline', true],
    ]);
    // mailparser puts each picture in place of the cid: that names it: two data: images mean both references matched.
    expect(String(office.html).match(/<img src="data:image\/png;base64,[^"]+" width="760"/g)).toHaveLength(2);
    const raw = sink.raw[sink.accepted.indexOf(office)]?.toString('utf8') ?? '';
    for (const image of images) {
      expect(raw).toContain(`Content-ID: <${image.cid}>`);
      const png = PNG.sync.read(image.content);
      expect(png.width).toBe(1520);
      writeFileSync(join(scratch, image.filename ?? 'chart.png'), image.content);
    }
    expect(office.html).toContain('alt="2026年（截至11月6日）各单位公开及时率"');
    expect(office.text).not.toContain('cid:');
    expect(office.text).toContain('五、公开及时率');
  });

  it('fails a message the relay refuses for good, without retrying it, and tells the admins', async () => {
    const { db } = database;
    await db('messages').where({ key: 'department:tinghu.czj:2026-11-06' }).update({ status: 'pending', attempts: 0 });
    const refusing = await startSmtpSink({ unknownRecipients: ['gongkai@czj.tinghu.example.test', 'leader@czj.tinghu.example.test'] });
    const transport = smtpTransport(refusing.url);
    const options = { ...MAIL, adminEmails: ['dw-admin@example.test'] };
    try {
      const result = await deliverPending(db, transport, DAY.plus({ days: 1 }), options);
      expect(result.sent).toEqual([`admin:failed-${(await db('messages').where({ key: 'department:tinghu.czj:2026-11-06' }).first()).id}`]);
      expect(result.failed).toEqual([{ key: 'department:tinghu.czj:2026-11-06', error: expect.stringMatching(/^550 .*no such user/) }]);
      expect(await deliverPending(db, transport, DAY.plus({ days: 2 }), options)).toEqual({ sent: [], retrying: [], failed: [], throttled: false });
      const [report] = refusing.accepted;
      expect(report?.subject).toBe('【disclosure-watch 管理员】1封提醒邮件发送失败（2026-11-07）');
      expect(report?.text).toContain('邮件 (key): department:tinghu.czj:2026-11-06');
      expect(report?.text).toContain('收件人 (to): gongkai@czj.tinghu.example.test, leader@czj.tinghu.example.test');
      expect(report?.text).toMatch(/错误 \(error\): 550 .*no such user/);
      expect(report?.text).toContain('改正地址后重新发送（复制到命令行）: npm run -s cli -- mail resend department:tinghu.czj:2026-11-06');
    } finally {
      await transport.close();
      await refusing.close();
    }
  });
});

describe('SMTP credentials and a relay that offers no login', () => {
  it('refuses at the check, and never sends the mail unauthenticated', async () => {
    const relay = await startSmtpSink(); // smtp-server with AUTH disabled
    const transport = smtpTransport(relay.url.replace('smtp://', 'smtp://gongkai:s3cret@'));
    try {
      expect(transport.target).toBe(relay.url.replace('smtp://', 'smtp://gongkai:***@'));
      const error = await transport.verify().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RelayAuthError);
      expect((error as Error).message).toMatch(/^SMTP_URL gives a user and password, but the relay at smtp:\/\/gongkai:\*\*\*@127\.0\.0\.1:\d+ refused the login \(.*\): either the credentials are wrong, or the relay offers no AUTH/);
      expect((error as Error).message).not.toContain('s3cret');
      const mail = { key: 'test:no-auth', from: MAIL.from, to: ['gongkai@czj.tinghu.example.test'], cc: [], subject: '测试', text: '测试', html: '<p>测试</p>', messageId: '<no-auth@example.test>', date: new Date() };
      await expect(transport.send(mail)).rejects.toThrow();
      expect(relay.raw).toHaveLength(0);
    } finally {
      await transport.close();
      await relay.close();
    }
  });

  it('without credentials the same relay passes the check', async () => {
    const relay = await startSmtpSink();
    const transport = smtpTransport(relay.url);
    try {
      await expect(transport.verify()).resolves.toBeUndefined();
    } finally {
      await transport.close();
      await relay.close();
    }
  });
});
