/**
 * Responsible parties: rules added for unseen texts (sub-kinds in parentheses, service numbers,
 * appositions, 各 chains, quantifiers before objects, 负责人), punctuated and unpunctuated.
 */
import { describe, expect, it } from 'vitest';
import { findResponsible } from './responsible.ts';
import { NormText } from './text-buffer.ts';

function units(text: string, punctuated = true): string[] {
  const buf = new NormText();
  buf.append(text);
  return findResponsible(buf.norm, 0, buf.length, punctuated).map(([s, e]) => buf.rawSlice(s, e));
}

const CASES: Array<[string, string, boolean, string[]]> = [
  ['sub-kinds in parentheses', '各县（市、区）要成立工作专班，各乡镇（街道）要落实。', true, ['各县（市、区）', '各乡镇（街道）']],
  ['service number', '110指挥中心要确保警情及时处置。', true, ['110指挥中心']],
  ['apposition 作为…', '各单位一把手作为第一责任人要亲自挂帅。', true, ['各单位一把手']],
  ['time word before the subject', '汛期各级领导干部要保持通讯畅通。', true, ['各级领导干部']],
  ['group of 员', '各护林员要加强日常巡护。', true, ['各护林员']],
  ['教育局 is a unit, 教育 a verb', '各县区教育局要完成排查，教育民警要守纪律。', true, ['各县区教育局']],
  ['ASR: 各有关部门', '做好应急准备各有关部门要二十四小时值班', false, ['各有关部门']],
  ['ASR: 各 chain', '抓好落实各地各警种部门要加强协作', false, ['各地各警种部门']],
  ['ASR: object behind 各个', '逐级发到各个基层单位要加强教育', false, []],
  ['ASR: 负责人 charges nobody', '各警种和部门负责人在分会场参加会议', false, []],
  ['ASR: duty + people noun', '要加强值班值班人员要坚守岗位', false, ['值班人员']],
  ['ASR: 了 ends the clause before 大家', '春节过了大家要尽快收心', false, ['大家']],
  // Spoken forms of speeches (issue 9), each with its must-not.
  ['全党 / 既要', '全党既要坚定信心，又要保持清醒。', true, ['全党']],
  ['党委（党组）', '各级党委（党组）要负起责任，党委（党组）主要负责同志要亲自抓。', true, ['各级党委（党组）', '党委（党组）主要负责同志']],
  ['bodies: 省份, 机制, 财政, 团体', '其他省份也要支持，国务院联防联控机制要调配，中央财政要倾斜，工会、共青团、妇联等人民团体要发挥作用。', true,
    ['其他省份', '国务院联防联控机制', '中央财政', '工会、共青团、妇联等人民团体']],
  ['特别是 joins one subject; a place before 有关', '各级干部特别是领导干部要冲在前面，在京有关部门和单位要给予支持。', true,
    ['各级干部特别是领导干部', '在京有关部门和单位']],
  ['a unit word after a work word (指导组, 工作者)', '各级指导组要随机抽查，广大科技工作者要勇攀高峰。', true, ['各级指导组', '广大科技工作者']],
  ['the subject carried over a comma (X是…，要…)', '各学校校长是第一责任人，要亲自抓。中央委员会的同志在廉洁方面是“风向标”，必须做到表率。', true,
    ['各学校校长', '中央委员会的同志']],
  ['must not: policies, things and topics are no subject', '积极的财政政策要更加积极有为，这项工作是重点，要抓好，支持民营企业要落到实处。', true, []],
];

describe('responsible parties', () => {
  for (const [name, text, punctuated, want] of CASES) {
    it(name, () => expect(units(text, punctuated)).toEqual(want));
  }
});
