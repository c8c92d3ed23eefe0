import { InputError } from '../core/errors.js';
import { parseThirdPartyOpinion } from './field-parsers.js';
import { EXEMPTION_BASIS_LABELS, type ExemptionBasis, type ThirdPartyOpinion } from './item.js';

/** The grounds that protect a third party: its trade secrets and privacy (第十五条). */
const THIRD_PARTY_BASES: ReadonlySet<ExemptionBasis> = new Set(['trade_secret', 'privacy']);

/**
 * Whether what an item records of the third party fits what was done with it (《政府信息公开条例》第十五条).
 * Withheld (exempt, or the withheld part of a partial disclosure) on trade secrets or privacy: a third party's
 * consent, or a decision that not publishing would seriously harm the public interest, means the information is
 * published (予以公开), so neither can be recorded; a disclosure request's reply must have asked the third party in
 * writing (第三十二条), so its answer, a refusal or no answer, is required there. Published in full: a refusal cannot
 * be recorded without the public-interest decision that overrides it. Other grounds concern no third party.
 * Throws InputError saying which.
 */
export function checkThirdParty(opinion: ThirdPartyOpinion | undefined, withheldOn: ExemptionBasis | undefined, request = false): void {
  if (withheldOn === undefined) {
    if (opinion === 'refused') {
      throw new InputError('published although the third party refused (第三方不同意公开): record the decision that not publishing would seriously harm the public interest (public_interest, 第十五条)');
    }
    return;
  }
  if (!THIRD_PARTY_BASES.has(withheldOn)) {
    if (opinion !== undefined) throw new InputError(`a third party's answer (第三方意见) belongs to trade secrets and privacy (第十五条), not to ${EXEMPTION_BASIS_LABELS[withheldOn]}`);
    return;
  }
  if (opinion === undefined) {
    if (!request) return;
    throw new InputError(`withheld as ${EXEMPTION_BASIS_LABELS[withheldOn]}: a request's reply records the third party's answer (第三方意见: refused 第三方不同意公开, or no_answer 逾期未提出意见; 第十五条、第三十二条)`);
  }
  if (opinion === 'consented' || opinion === 'public_interest') {
    throw new InputError('with the third party\'s consent, or where not publishing would seriously harm the public interest, the information is published (予以公开, 第十五条), not withheld');
  }
}

/** The third party's answer as a person wrote it (code or Chinese, blank for none), read and checked as above. */
export function thirdPartyAnswer(text: string | undefined, withheldOn: ExemptionBasis | undefined, request: boolean): ThirdPartyOpinion | undefined {
  const opinion = parseThirdPartyOpinion(text ?? '');
  checkThirdParty(opinion, withheldOn, request);
  return opinion;
}
