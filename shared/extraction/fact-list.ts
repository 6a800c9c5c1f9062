/**
 * Lists that enumerate facts rather than requirements: agendas, achievements, characteristics,
 * situation reviews and look-backs ("一年来全局聚焦三个重点：一是…"). Judged from the lead-in
 * sentence and, when the lead-in announces nothing, from the first item.
 */
import { SOFT_END } from './lexicon.ts';

/** Words that announce facts outright, wherever they sit in the clause before the list. */
const NEG_CUE = /(?:做|干|抓|开展|完成|推进|实施)(?:好|实|细)?了|表现为|体现为|概括为|归纳为|取得的|议程|特点|特色|亮点|取得了|已取得|取得(阶段性|明显|显著|良好|积极|重要|较好|一定|突出)|成效显著|主要成效|表现在|体现在|主要内容|内容包括|情况如下|问题主要|问题有/;
/**
 * Fact nouns announce facts only as the thing the list elaborates, at the end of the clause ("主要
 * 做法有以下几点", "同时也存在一些不足") — not inside it ("让科技创新成果源源不断涌现出来", "做好应对
 * 各种复杂困难局面的准备").
 */
const NEG_HEAD = /(优势|成绩|成果|进展|收获|经验|做法|变化|好处|原因|困难|不足|短板|差距|背景|存在的(?:主要|突出)?问题|存在问题)(主要|具体)?(有|是|包括|表现在|体现在|如下|为)?(以下|如下|这样)?(的?[一二两三四五六七八九十几\d]{1,2}(个|点|条|项|方面))?$/;
/** 存在 before an announced count ("存在以下问题", "存在三个方面的问题"). */
const EXISTS = /存在[^,。]{0,6}(以下|如下|[一二两三四五六七八九十几\d]{1,2}(个|点|条|项|方面))/;

/**
 * Problems or shortcomings as the subject of a clause that says where they lie ("检查中发现的问题还没有
 * 完全整改到位，主要集中在三个方面"): the list spells out the problems.
 */
const PROBLEMS_LIE = /(问题|隐患|不足|短板|弱项|差距|困难|风险|矛盾)([^。;:]{0,16}?)(集中在|集中于|表现在|表现为|体现在|涉及|分布在)/;

/** `text` says where problems lie, with no demand in between ("问题要集中在…解决" demands). */
export function problemsLie(text: string): boolean {
  const m = PROBLEMS_LIE.exec(text);
  return m !== null && !/要|必须|务必|应当/.test((m[2] ?? '').replace(/主要|重要/g, ''));
}

function announcesFacts(last: string): boolean {
  const clause = last.replace(/[,。;!?:\n]+$/, '');
  return NEG_CUE.test(clause) || NEG_HEAD.test(clause) || EXISTS.test(clause) || problemsLie(clause);
}

const REQ_CUE = /要求|意见|强调|部署|安排|任务|建议|希望|必须|务必|指出|提出|讲(?!话中)/;

/** Looking back on work done: 一年来, 今年以来, 过去一年, 去年. */
const RETROSPECT = /一年来|[年季月]以来|近年来|[两三四五]年来|过去[的一两三四五]*年|去年|上半年|前三季度/g;
/** Words that turn a look back into a plan or a demand (新的一年要…, 下一步将…). */
const FORWARD = /要|将|必须|务必|应当|需|下一步|下步|今后|明年|新的一年|意见|建议|希望|部署|安排|讲|任务/;

/**
 * "一年来全局聚焦三个重点：一是…", "一年来，全局紧紧围绕四个重点开展工作：": a look back with no
 * directive word after it enumerates what was done, not what must be done. Only the words after
 * the last look-back cue are read (the cue may sit in an earlier clause of the sentence).
 */
export function isRetrospectiveLeadIn(sentence: string, punctuated: boolean): boolean {
  const window = punctuated ? sentence : sentence.slice(-24);
  let after = -1;
  RETROSPECT.lastIndex = 0;
  for (let m = RETROSPECT.exec(window); m; m = RETROSPECT.exec(window)) after = m.index + m[0].length;
  if (after === -1) return false;
  const rest = window.slice(after);
  return rest.length > 0 && !FORWARD.test(rest.replace(/重要|主要|需求/g, ''));
}

/** A unit sharing experience (经验交流, 交流发言, 典型发言, 介绍了…经验): what follows is what it did. */
const EXCHANGE = /经验交流|交流发言|典型发言|经验介绍|介绍了[^,。;]{0,12}经验/;

/** Chars before the list that stand in for its last clause in unpunctuated text. */
const UNPUNCTUATED_CLAUSE = 12;

/** A clause that only counts ("主要有两个方面", "具体包括以下几点"): it has no verb of its own. */
const COUNT_ONLY = /^(主要|具体|一共|共|大致)?(有|包括|表现在|体现在|表现为|集中在|集中于|涉及|分布在|是)?(以下|如下)?([一二两三四五六七八九十\d]{1,2}|几)(个方面|方面|点|条|项)$/;

/**
 * The lead-in sentence's clauses and the one right before the list. Unpunctuated text has no
 * clauses: the words right before the list stand in for the last one.
 */
function lastClause(sentence: string): { clauses: string[]; last: string } {
  const clauses = sentence.replace(/[,。;!?:\n]+$/, '').split(/[,。;!?\n]/);
  return { clauses, last: clauses.length > 1 ? clauses[clauses.length - 1] ?? '' : sentence.slice(-UNPUNCTUATED_CLAUSE) };
}

/** The meeting's purpose: "今天，我们召开一个企业家座谈会，一是同大家谈谈心，二是…". */
const PURPOSE = /召开[^,。;]{0,24}?(会议|座谈会|大会|会)(,?(主要是|目的是|主要目的是|就是))?$/;
/** The meeting's tasks or agenda: "今天召开…会议，主要有三项任务：一是传达…" (a meeting is the topic). */
const AGENDA = /((主要|共|一共)(有|是)|[一二两三四五六七八九十几\d]{1,2}项)(主要)?(任务|议程|内容|目的)(是|有)?$/;
/** The matters a meeting takes up: "今天调度会主要研究两个事情：一是通报…，二是部署…" (a meeting is the topic). */
const MATTERS = /(研究|讨论|商量|商议|有)[^,。;]{0,4}?([一二两三四五六七八九十几\d]{1,2})(个|件|项)(事情|事|事项|议题)$/;
const MEETING = /(召开|这次|本次|今天的?)[^。;]{0,30}?(会议|座谈会|大会|会)/;
/** An explanation of a document ("向全会作说明", "就其中几个重点问题作简要说明"): its outline describes. */
const EXPLAINS = /(作|做)了?(简要|简单|一些|几点)?(工作)?(说明|汇报)|(说明|汇报|报告)如下/;
/**
 * The announced thing is a property, not a demand ("必须具备以下基本要素：一是拥有…"): even a 必须
 * before it does not make the points requirements.
 */
const DESCRIBED_NOUN = /(以下|如下|这样|[一二两三四五六七八九十几\d]{1,2}个?)(个|方面的|方面|点)?(基本|主要|重要|鲜明|突出|显著)?(要素|特征|特性|特点|标志|内涵|表现|影响|变化|原因|做法|成效|成绩)/;

/** True when the lead-in sentence announces facts (agenda, achievements), not requirements. */
export function isFactualLeadIn(text: string): boolean {
  // Titles and quotations name things ("就《建议》稿起草的有关情况作说明"): their words are no cues.
  // A pause before the list ends the lead-in like a colon does.
  const sentence = text.replace(/《[^》]{0,40}》|“[^”]{0,40}”/g, '《》').replace(new RegExp(`[${SOFT_END},:]+$`), '');
  // Judge the clause right before the list ("XX指出，这次活动有两个鲜明的特点："), not the whole sentence.
  const split = lastClause(sentence);
  const { clauses } = split;
  let last = split.last;
  // Unpunctuated "郭志远指出今年工作呈现三个特点": what follows 指出 is the reported clause.
  if (clauses.length <= 1 && last.includes('指出')) last = last.slice(last.lastIndexOf('指出') + 2);
  // "…取得的成效，主要有两个方面：": a bare count clause is judged with the clause it continues.
  if (clauses.length > 1 && COUNT_ONLY.test(last)) last = `${clauses[clauses.length - 2] ?? ''},${last}`;
  if (isRetrospectiveLeadIn(sentence, /[,。;!?\n]/.test(sentence))) return true;
  // Unpunctuated text: the problems named before "主要集中在三个方面" lie beyond the last 12 chars.
  if (clauses.length <= 1 && problemsLie(sentence.slice(-32)) && !REQ_CUE.test(last)) return true;
  if (PURPOSE.test(last) || DESCRIBED_NOUN.test(last)) return true;
  const bareLast = last.replace(/[,。;!?:\n]+$/, '');
  if ((AGENDA.test(bareLast) || MATTERS.test(bareLast)) && MEETING.test(sentence)) return true;
  if (EXPLAINS.test(last) && !/要求|意见|建议|希望/.test(last)) return true;
  // "青山镇作了经验交流，该镇主要措施有：": a unit sharing its experience lists what it did.
  if (EXCHANGE.test(sentence) && !REQ_CUE.test(last)) return true;
  return announcesFacts(last) && !REQ_CUE.test(last);
}

/** Verbs that report or review (not direct), and the "since …" of a situation review. */
const REPORT_CUE = /指出|介绍|通报|总结|回顾|汇报|表示|认为|分析|以来|目前|当前|总体/;
/** Situation and achievement vocabulary (形势总体平稳, 同比下降, 持续提升). */
const SITUATION_CUE = /形势|态势|平稳|稳定|向好|好转|下降|上升|提升|提高|增长|减少|明显|成效|成绩|进展|良好|有序|总体/;
/** A lead-in that directs work (the list is requirements whatever its items say). */
const DIRECTIVE_LEAD = /要求|强调|部署|意见|建议|希望|提出|任务|必须|务必|要|将|讲/;
/** Directive vocabulary inside an item: a requirement, not a statement of fact. */
const DIRECTIVE_ITEM = /要|必须|务必|应当|应该|需|确保|切实|加强|抓好|抓实|做好|推进|推动|强化|狠抓|坚持|严格|落实|着力|坚决|持续深化|不断/;

/**
 * "会议指出，今年以来全省治安形势总体平稳，一是刑事警情同比下降，二是…": a lead-in that reviews the
 * situation (report verb + situation words, no directive) followed by a first point without any
 * directive word enumerates facts. An assessment *inside* a requirement list is unaffected: its
 * lead-in directs (要求/强调/提出…).
 */
export function isSituationList(sentence: string, firstText: string): boolean {
  const { last } = lastClause(sentence);
  if (DIRECTIVE_LEAD.test(sentence.replace(/指出|重要|主要|需要/g, ''))) return false;
  if (!REPORT_CUE.test(sentence) || !SITUATION_CUE.test(last + firstText)) return false;
  return firstText !== '' && !DIRECTIVE_ITEM.test(firstText.replace(/重要|主要|需求/g, ''));
}

/** First item reads as a past fact ("加强了组织领导"), not a requirement. */
export function isFactualItem(text: string): boolean {
  const head = text.split(/[,。;!?\n]/)[0] ?? '';
  return /了|已经|已/.test(head) && !/要|必须|务必|应|需/.test(head);
}

/** Achievement words of a heading ("我国脱贫攻坚取得决定性成就"). */
const ACHIEVED = /取得|实现了|完成了|成就|成效|成绩|进展|变化|回顾/;
/** Directive words of a heading or a lead-in ("确保高质量完成…", "要抓好以下工作"). */
const DIRECTED = /要|必须|务必|确保|抓好|切实|加强|坚持|推动|推进|落实|希望|意见|强调|提出/;

/**
 * A list under a section heading that reports achievements, with a lead-in that directs nothing,
 * elaborates the achievements ("一、我国脱贫攻坚取得决定性成就 … 第一，脱贫攻坚目标任务接近完成"):
 * facts. `section` is the parent point's text before the lead-in; its first line or sentence is the heading.
 */
export function isDescriptiveHeading(section: string, lead: string): boolean {
  const heading = (section.split(/[。;!?\n]/)[0] ?? '').slice(0, 40);
  return ACHIEVED.test(heading) && !DIRECTED.test(heading) && !DIRECTED.test(lead.replace(/重要|主要|需要/g, ''));
}

/** The speaker's impressions or lessons: "听了大家的发言，我有三点感受：", "谈几点体会". */
const IMPRESSIONS = /(感受|体会|印象|感想|收获|启示|感触)(到|是|有|如下)?$/;

/**
 * "我有三点感受：第一，大家对全县发展充满信心；…": impressions whose first point directs nothing
 * describe what the speaker saw, even when announced in the first person.
 */
export function isImpressionList(sentence: string, firstText: string): boolean {
  const { last } = lastClause(sentence.replace(new RegExp(`[${SOFT_END},:]+$`), ''));
  return IMPRESSIONS.test(last) && firstText !== '' && !DIRECTIVE_ITEM.test(firstText.replace(/重要|主要|需求/g, ''));
}
