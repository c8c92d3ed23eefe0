import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseExemptionBasis } from '../../src/ledger/field-parsers.js';
import { EXEMPTION_BASES, type LedgerItem } from '../../src/ledger/item.js';
import { exempt, publish } from '../../src/ledger/lifecycle.js';
import { checkThirdParty } from '../../src/ledger/third-party.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { loadTestConfig } from '../helpers/config.js';
import { facts } from '../helpers/ledger-fixtures.js';

const { ruleBook } = loadTestConfig();

describe('every ground for not publishing (条例第十四条至第十六条)', () => {
  it.each([
    ['国家秘密', 'state_secret'],
    ['涉密', 'state_secret'],
    ['法律、行政法规禁止公开', 'law_prohibited'],
    ['危及国家安全、公共安全、经济安全、社会稳定', 'security_stability'],
    ['三安全一稳定', 'security_stability'],
    ['商业秘密', 'trade_secret'],
    ['个人隐私', 'privacy'],
    ['内部事务信息', 'internal_affairs'],
    ['过程性信息', 'process_info'],
    ['行政执法案卷信息', 'enforcement_file'],
    ['enforcement_file', 'enforcement_file'],
  ])('%s → %s', (text, basis) => {
    expect(parseExemptionBasis(text)).toBe(basis);
  });

  it('refuses anything else, listing all eight', () => {
    expect(() => parseExemptionBasis('领导不同意')).toThrow(/not a lawful ground for not publishing \(条例第十四条至第十六条\); one of state_secret \(国家秘密\), .*enforcement_file \(行政执法案卷信息\)$/);
    expect(EXEMPTION_BASES).toHaveLength(8);
  });
});

describe('the third party (第十五条: 第三方同意公开或者不公开会对公共利益造成重大影响的，予以公开)', () => {
  it.each<[string, Parameters<typeof checkThirdParty>, string | undefined]>([
    ['withheld as a trade secret, the third party refused', ['refused', 'trade_secret', true], undefined],
    ['withheld as privacy, no answer within 15 working days', ['no_answer', 'privacy', true], undefined],
    ['a request withheld as privacy must have asked the third party (第三十二条)', [undefined, 'privacy', true], "a request's reply records the third party's answer"],
    ['active disclosure withheld as privacy need not have asked', [undefined, 'privacy', false], undefined],
    ['withheld although the third party consented', ['consented', 'trade_secret', false], 'the information is published (予以公开, 第十五条), not withheld'],
    ['withheld although the public interest outweighs', ['public_interest', 'privacy', true], 'the information is published (予以公开, 第十五条), not withheld'],
    ['an answer on a ground that protects no third party', ['refused', 'process_info', false], "a third party's answer (第三方意见) belongs to trade secrets and privacy (第十五条), not to 过程性信息"],
    ['published in full with the third party\'s consent', ['consented', undefined, true], undefined],
    ['published in full over a refusal, for the public interest', ['public_interest', undefined, true], undefined],
    ['published in full over a refusal, no public-interest decision', ['refused', undefined, true], 'record the decision that not publishing would seriously harm the public interest'],
  ])('%s', (_name, args, error) => {
    if (error === undefined) expect(() => checkThirdParty(...args)).not.toThrow();
    else expect(() => checkThirdParty(...args)).toThrow(error);
  });
});

describe('partial disclosure (部分公开, 第三十七条) and exemption through the lifecycle', () => {
  const now = DateTime.fromISO('2026-11-21T09:00:00+08:00', { setZone: true });
  const request = { ...draftItem(facts({ reference: 'RQ', category: 'request.reply', departmentCode: 'tinghu.zwb', events: { received: '2026-11-02T10:00:00+08:00' } }), ruleBook), id: 1, createdAt: '', updatedAt: '' } as LedgerItem;
  const rule = ruleBook.rule('request.reply');

  it('publishes with the withheld part\'s ground, reason and the third party\'s refusal', () => {
    const done = publish(request, rule, { reference: '亭政公开〔2026〕第9号', delivery: '邮寄', withheldBasis: '个人隐私', withheldReason: '涉及他人身份证号', thirdParty: '第三方不同意公开' }, now, { delivered: true });
    expect(done).toMatchObject({ status: 'published', withheldBasis: 'privacy', withheldReason: '涉及他人身份证号', thirdPartyOpinion: 'refused' });
  });

  it.each([
    [{ withheldBasis: '个人隐私' }, 'a withheld part needs its reason (部分公开的不予公开理由)'],
    [{ withheldReason: '涉及他人' }, "a withheld part's reason was given without its ground"],
    [{ withheldBasis: '个人隐私', withheldReason: '涉及他人' }, "a request's reply records the third party's answer"],
  ])('refuses %j', (withheld, message) => {
    expect(() => publish(request, rule, { reference: '亭政公开〔2026〕第9号', delivery: '邮寄', ...withheld }, now, { delivered: true })).toThrow(message);
  });

  it('exempts a request on privacy only with the third party\'s answer, and never with its consent', () => {
    const exemption = { reason: '涉及他人隐私', basis: 'privacy', approvedBy: '区政府办' };
    expect(() => exempt(request, exemption, true)).toThrow("a request's reply records the third party's answer");
    expect(() => exempt(request, { ...exemption, thirdParty: 'consented' }, true)).toThrow('予以公开');
    expect(exempt(request, { ...exemption, thirdParty: 'no_answer' }, true)).toMatchObject({ status: 'exempt', exemptionBasis: 'privacy', thirdPartyOpinion: 'no_answer' });
  });
});
