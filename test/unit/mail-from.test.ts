import { describe, expect, it } from 'vitest';
import { parseMailFrom } from '../../src/delivery/mail-from.js';

describe('MAIL_FROM', () => {
  it.each([
    ['政务公开时限监测 <gongkai@tinghu.gov.cn>', { name: '政务公开时限监测', address: 'gongkai@tinghu.gov.cn' }],
    ['gongkai@tinghu.gov.cn', { name: '', address: 'gongkai@tinghu.gov.cn' }],
    ['<gongkai@tinghu.gov.cn>', { name: '', address: 'gongkai@tinghu.gov.cn' }],
  ])('%j is accepted', (text, sender) => {
    expect(parseMailFrom(text)).toEqual(sender);
  });

  it.each([
    ['政务公开 <gongkai@tinghu.gov.cn>\r\nBcc: spy@evil.test', /MAIL_FROM .*: write it as "Name <address>"/],
    ['政务公开\r\nBcc: spy@evil.test <gongkai@tinghu.gov.cn>', /the name may not contain line breaks/],
    ['政务公开 <gongkai@tinghu.gov.cn\nBcc: spy@evil.test>', /is not an e-mail address/],
    ['政务公开 <not an address>', /"not an address" is not an e-mail address/],
    ['', /write it as/],
  ])('%j is refused', (text, message) => {
    expect(() => parseMailFrom(text)).toThrow(message);
  });
});
