/**
 * Whether a phrase names units or people that an item can charge: 各单位, 市局宣传部门, 纪委, 大家,
 * and the spoken forms of speeches — 全党, 各级党委（党组）, 中央财政, 其他省份, 国务院联防联控机制,
 * 各级干部特别是领导干部, 工会、共青团、妇联等人民团体. Not verbs, policies or things.
 */
import { SOFT_END, UNIT_SUFFIXES } from './lexicon.ts';

/** Words no unit name contains (verbs, prepositions, pronouns, abstract nouns). */
export const FORBIDDEN = /是|对|(?<!一)把|让|使|将|被|给|这|那|我|你|他|她|它|通过|按照|根据|结合|针对|为了|如果|由于|因为|教育(?![局厅部委])|督促|指导|开展|如何|怎么|进行|问题|工作|情况|过程|方面|期间|时候|以后|之后|在|从(?!业)|到|于|和谐|要求|[0-9]/;
/** Words a unit phrase typically opens with (各, 全体, 有关, 市, 县 …). */
export const UNIT_START = /^(各|全体|全[省市县区镇乡村局所队国员]|相关|有关|所有|每|市|省|区|县|镇|乡|村|厅|局|部|委|党|纪|团|公安|派出所|街道|社区|学校|医院|企业|主要|分管|班子|领导|广大|基层|一线|机关|大家)/;
const PERSON_YUAN = /(普查|网格|信息|联络|党|队|成|人|委|监督|安全|调查|指导|辅导|协管|巡逻|驾驶|操作|管理|民警|检查)员$/;

/** Hotline/service numbers that open a unit name (110指挥中心, 12345热线办公室). */
const SERVICE_NUMBER = /^[0-9]{3,5}(?=[\u4e00-\u9fff])/;

const REQ_VERB_START = /^(支持|鼓励|引导|帮助|组织|严格|强化|夯实|深化|提升|提高|压实|规范|健全|完善|狠抓|推动|坚持|坚决|切实|全面|持续|着力|扎实|严打|严厉|稳步|深入|认真|确保|筑牢|守牢|突出|优化|聚焦)/;

/** Bodies and groups a speech charges besides offices (其他省份要, 中央财政要, 工会、共青团、妇联等人民团体要). */
const SPOKEN_UNIT_END = /(省份|地区|城市|区市|机制|财政|国家|企业家|科学家|专家|工作者|团体|组织|协会|学会|委员会|红十字会|工会|小组)$/;
/** A unit word that names everyone of a body: 全党, 全军, 全社会. */
const WHOLE = /^全(党|军|社会|系统|行业)$/;
/** Verbs and work nouns that are part of a unit's name when a unit word follows (工作队, 指导组, 服务中心, 科技工作者). */
const NAME_PART = /(工作|指导|督导|管理|服务|督促|教育)(?=队|组|员|中心|办|室|站|局|处|科|专班|者)/g;

/** True when `unit` names units or people an item can charge (各单位, 市局宣传部门, 各级党委（党组）, 全党). */
export function isUnit(unit: string): boolean {
  // A subject never runs across a pause of the speaker.
  if (unit.includes(SOFT_END)) return false;
  // 党委（党组）主要负责同志: a short parenthesis after a unit word is part of the name.
  const unbracketed = unit.replace(/(?<=党委|党组|政府|部门)\([一-鿿、]{1,4}\)/g, '');
  if (unbracketed !== unit && unbracketed !== '') return isUnit(unbracketed);
  // 各级干部特别是领导干部, 在京有关部门和单位: a connector, or a place before 有关/各, joins one subject.
  const joined = unit.replace(/特别是|尤其是/g, '和').replace(/^在[一-鿿]{1,2}(?=有关|相关|各)/, '');
  if (joined !== unit) return isUnit(joined);
  const s = unit.replace(SERVICE_NUMBER, '');
  if (s === '大家' || s === '全体人员' || WHOLE.test(s)) return true;
  // 全局上下, 全市上下: everyone in the unit as one subject.
  if (/^全[省市县区镇乡局院所队系]上下$/.test(s)) return true;
  // 各护林员, 全体网格员: people addressed as a group.
  if (/^(各|全体|广大|所有)[\u4e00-\u9fff]{1,6}员$/.test(s)) return true;
  const inner = s.replace(/(?<=^各[省市县区乡镇]{1,3})\([省市县区乡镇街道村社、,]{1,8}\)(?=[\u4e00-\u9fff])/, '');
  if (inner !== s) return isUnit(inner);
  const bare = s.replace(/\([^()]{1,8}\)$/, '');
  if (bare !== s) return /^各[省市县区乡镇]{1,3}$/.test(bare) || (!bare.includes('(') && isUnit(bare));
  // "市应急管理局、市市场监管局、市消防救援支队": units joined by 、 are one subject, however long.
  if (s.length > 18 && s.length <= 48 && s.includes('、')) {
    const parts = s.replace(/\([^()]*\)/g, (p) => p.replace(/、/g, ',')).split('、');
    if (parts.length >= 2 && parts.every((p) => isUnit(p.replace(/,/g, '、')))) return true;
  }
  // 工作队/工作组/工作专班 are units, though 工作 alone marks a work phrase.
  // 其他省份: 他 is no pronoun there.
  if (s.length < 2 || s.length > 18 || FORBIDDEN.test(s.replace(NAME_PART, '').replace(/^其他/, ''))) return false;
  if (/(?<!主)要|部署|抓好|加强|做好|落实|推进|开展|完成|牵头|配合|^由/.test(s)) return false;
  // "严格执法问责局执法大队" (unpunctuated): a phrase opening with a work verb is a headline, not a unit.
  if (REQ_VERB_START.test(s)) return false;
  if (!UNIT_SUFFIXES.some((x) => s.endsWith(x)) && !PERSON_YUAN.test(s) && !SPOKEN_UNIT_END.test(s)) return false;
  // A longer subject must open like a unit, or list several (工会、共青团、妇联等人民团体).
  return UNIT_START.test(s) || s.length <= 12 || /[、和]/.test(s);
}
