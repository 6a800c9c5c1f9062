/**
 * Rules for whole speeches, as written and as the recogniser hears them (the constructions the
 * held-out speeches in testing/heldout-speeches-*.ts brought up): outline levels, speakers and
 * counts, responsible units, deadlines, and spoken forms. Each with a case it must fire on and one
 * it must not.
 */
import { describe, expect, it } from 'vitest';
import { createExtractor, extract } from './index.ts';
import { findCount } from './lead-in.ts';
import { scanCandidates } from './markers.ts';
import { findDeadline } from './deadline.ts';
import { findResponsible } from './responsible.ts';
import { headlineRange } from './headline.ts';
import { NormText } from './text-buffer.ts';
import type { ExtractedItem, ExtractionResult } from './types.ts';

const norm = (text: string): string => {
  const b = new NormText();
  b.append(text);
  return b.norm;
};
/** Literal markers of every candidate in `text`. */
const markers = (text: string): string[] => {
  const t = norm(text);
  return scanCandidates(t, 0, t.length).map((c) => t.slice(c.start, c.markerEnd));
};
/** The outline as "marker" strings, children in brackets. */
const tree = (r: ExtractionResult): string[] => {
  const walk = (items: ExtractedItem[]): string[] => items.flatMap((i) => [i.marker, ...(i.children.length ? [`[${walk(i.children).join(' ')}]`] : [])]);
  return r.speakers.map((s) => walk(s.items).join(' '));
};
/** Responsible parties of `text`; a "|" stands for a pause of the speaker. */
const units = (text: string, punctuated = true): string[] => {
  const b = new NormText();
  text.split('|').forEach((piece, i) => {
    if (i > 0) b.appendPause();
    b.append(piece);
  });
  return findResponsible(b.norm, 0, b.length, punctuated).map(([s, e]) => b.rawSlice(s, e));
};
const deadline = (text: string): string | null => {
  const t = norm(text);
  const d = findDeadline(t, 0, t.length);
  return d ? t.slice(d[0], d[1]) : null;
};
/** Segments pushed with a pause after each. */
const live = (segments: string[]): ExtractionResult => {
  const ex = createExtractor();
  for (const s of segments) ex.push(s, { boundary: true });
  ex.end();
  return ex.result();
};

describe('outline', () => {
  it('a heading that opens with a year is a marker (一、2024年…); numbers listed with 、 are not', () => {
    expect(markers('汇报如下。\n一、2024年工作开展情况\n')).toContain('一、');
    expect(markers('获得第一、二名，其中一、2个项目')).not.toContain('一、');
  });
  it('a work report whose section lists open with a year stays facts', () => {
    const text = '现将县应急管理局2024年工作情况和2025年工作打算汇报如下。\n一、2024年工作开展情况\n（一）安全生产形势持续稳定。全年发生事故9起。\n（二）专项整治扎实推进。共检查企业1260家次。\n二、存在的主要问题\n一是部分企业主体责任落实不到位；二是基层应急力量薄弱。\n三、2025年工作打算\n我们将坚持人民至上。';
    expect(extract(text).speakers).toEqual([]);
    expect(extract(text.replace(/[，。；：、（）\n]/g, '')).speakers).toEqual([]);
  });
  it('存在的主要问题 announces facts; a demand about them announces requirements', () => {
    expect(extract('存在的主要问题：一是责任落实不到位；二是基层力量薄弱。').speakers).toEqual([]);
    expect(tree(extract('针对存在的主要问题，我提两点要求：一是压实责任；二是充实力量。'))).toEqual(['一是 二是']);
  });
  it('problems said to lie in N areas are facts, and the list announced after them is the point\'s own', () => {
    const text = '第一，要把防汛责任压得更实。各地要落实。第二，要把隐患排查抓得更细。检查中发现的问题还没有完全整改到位，主要集中在三个方面：一是水库溢洪道不畅，二是堤防存在渗漏，三是度汛方案不落实。对此，我提两点要求：一要立行立改。二要挂牌督办。第三，要把值班值守落得更严。';
    expect(tree(extract(text))).toEqual(['第一 第二 [一要 二要] 第三']);
    // Work to be concentrated in N areas is a requirement list.
    expect(tree(extract('下一步工作要集中在两个方面：一是抓项目建设，二是抓安全生产。'))).toEqual(['一是 二是']);
  });
  it('the matters a meeting takes up are its agenda; the matters a speaker raises are not', () => {
    const agenda = '同志们：今天调度会主要研究两个事情：一是通报近期疫情形势，二是部署下一步防控工作。现提出以下几点要求：\n1、全力开展流调溯源。县疾控中心要加派力量。\n2、从严落实管控措施。县公安局要加强值守。';
    expect(tree(extract(agenda))).toEqual(['1、 2、']);
    expect(tree(live(['今天调度会主要研究两个事情', '一事通报近期疫情形势', '二是部署下一步防控工作', '现提出以下几点要求',
      '一 全力开展流调溯源', '县疾控中心要加派流调力量', '2 从严落实管控措施', '县公安局要加强值守'])))
      .toEqual(['一 2']);
    expect(tree(extract('下一步要研究解决两个问题：一是要理顺体制，二是要充实力量。'))).toEqual(['一是 二是']);
  });
  it('(1) is a level of its own below 1. (not a restart of （一）), and hangs under its point even after a title line', () => {
    const text = '二、抓好措施\n（一）做好救治准备\n1.扩充门诊。医院要改造。\n2.加强健康服务。\n(1)卫生院要摸清底数；\n(2)家庭医生团队要开展服务；\n（二）抓好场所防控\n学校要落实。\n（三）加强宣传引导\n宣传科要回应。';
    expect(tree(extract(`下面我讲两点。\n一、研判形势\n要清醒。\n${text}`))).toEqual(['一、 二、 [（一） [1. 2. [(1) (2)]] （二） （三）]']);
    // A class number in parentheses is no point.
    expect(markers('三(1)班要加强管理')).toEqual([]);
  });
  it('我讲三句话：第一句话… is a list of three sections; 以上三句话 closes it', () => {
    const r = extract('下面，我讲三句话。第一句话，要认清形势。各街道要统一思想。第二句话，要补齐短板。区创建办要分解指标。以上三句话，请大家抓好落实。另外，各街道要提前做好准备。');
    expect(tree(r)).toEqual(['第一句话 第二句话']);
    expect(r.speakers[0]?.announced_count).toBe(3);
    expect(r.speakers[0]?.items[1]?.responsible).toEqual(['区创建办']);
    expect(extract('他对我说的第一句话是要相信群众，第二句话是要依靠群众。').speakers).toEqual([]);
  });
  it('a stripped （一） right after a stripped section heading opens the sub-list; 一线 after 二是 does not', () => {
    const stripped = '下面我讲三点意见一认清形势各单位要统一思想二突出重点确保攻坚行动取得实效一严打侵财犯罪刑侦大队要成立专班二压降电诈发案反诈中心要开展劝阻三强化巡逻防控巡特警大队要调整勤务四化解矛盾纠纷各派出所要开展排查三压实责任督察大队要加强督导';
    expect(tree(extract(stripped))).toEqual(['一 二 [一 二 三 四] 三']);
    expect(markers('会议要求一是加强队伍建设二是关心一线民警')).toEqual(['一是', '二是']);
  });
  it('…违法行为第三要… is a marker in stripped text; 排名第一 is not', () => {
    expect(markers('严厉打击制售假冒伪劣食品行为第三要严格落实责任')).toEqual(['第三']);
    expect(markers('全县考核排名第一要保持')).toEqual([]);
  });
  it('前一阶段 is no stripped marker; a stripped 一 that opens a heading is', () => {
    expect(markers('下面我讲两个问题一关于前一阶段专项整治工作')).toEqual(['一']);
  });
  it('二是 heard as 而是 only at a sentence start or after a pause, and not answering a negation', () => {
    expect(tree(live(['下面我提两点要求', '一事提高政治站位', '各地要扛起责任', '而是聚焦重点攻坚', '市城管局要制定方案'])))
      .toEqual(['一事 而是']);
    expect(markers('一是要明白这项工作，不是负担，而是要看作机遇。')).toEqual(['一是']);
    expect(markers('一是要明白，这项工作不是负担。而是要看作机遇。')).toEqual(['一是']);
  });
});

describe('speakers and counts', () => {
  it('the host hands over with 部署/通报…, not only 讲话', () => {
    const r = live(['下面请交警大队大队长李伟同志部署具体工作', '同志们', '我讲几项具体工作', '一是强化路面管控', '各中队要设卡',
      '二是加强源头监管', '车管所要检查']);
    expect(r.speakers[0]?.name).toBe('李伟');
    expect(live(['下面请各单位传达会议精神', '我讲几项具体工作', '一是强化路面管控', '二是加强源头监管']).speakers[0]?.name).toBeNull();
  });
  it('a numeral misheard before 点要求 still counts (酸点要求); a word with that sound does not', () => {
    expect(findCount('下面我讲酸点要求')).toEqual({ count: 3, found: true });
    expect(findCount('隐患呈散点分布的特点')).toEqual({ count: null, found: false });
  });
});

describe('responsible units', () => {
  const CASES: Array<[string, string, boolean, string[]]> = [
    ['从业人员 is a unit, 从 a preposition', '从业人员必须持健康证上岗，从严查处的单位要通报。', true, ['从业人员']],
    ['防指, 食堂, 辅警, 乡镇长', '各级防指要值班，学校食堂要消毒，全体民警辅警要守纪，各乡镇党委书记和乡镇长是第一责任人，要履职。', true,
      ['各级防指', '学校食堂', '全体民警辅警', '各乡镇党委书记和乡镇长']],
    ['对此 between the subject and 要', '各乡镇、各部门对此一定要保持警惕，对此要高度重视。', true, ['各乡镇、各部门']],
    ['a time word after the comma of a carried subject', '各村党支部书记是第一责任人，今晚要全部在岗。', true, ['各村党支部书记']],
    ['units joined by 、 beyond 18 chars; a long non-unit is not', '市应急管理局、市市场监管局、市消防救援支队要各负其责，安全生产、消防安全、食品安全等方面要加强。', true,
      ['市应急管理局、市市场监管局、市消防救援支队']],
    ['ASR: a unit right after a pause', '加强源头监管|车管所要在月底前完成检查', false, ['车管所']],
    ['ASR: 由X牵头; not 由 + a topic', '由市生态环境局牵头完成改造|对此由问题较多的要整改', false, ['市生态环境局']],
    ['ASR: a chain of 各 units', '第一思想上要重视各中队各派出所要克服麻痹思想', false, ['各中队各派出所']],
    ['ASR: X是…责任人 carried to the trigger, also over a pause', '校长是本校安全工作的第一责任人要亲自抓|各村党支部书记是防汛第一责任人|今晚要在岗', false,
      ['校长', '各村党支部书记']],
    ['ASR: must not carry a thing', '这项工作是重点任务要抓好', false, []],
  ];
  for (const [name, text, punctuated, want] of CASES) it(name, () => expect(units(text, punctuated)).toEqual(want));
});

describe('deadlines', () => {
  it('an event with 前 is a limit (开学前, 春运前); a date a demand is set on too (要在9月上旬)', () => {
    expect(deadline('各学校食堂要在开学前完成消毒')).toBe('开学前');
    expect(deadline('交警大队要在春运前组织检查')).toBe('春运前');
    expect(deadline('督导室要在9月上旬开展专项督导')).toBe('9月上旬');
    expect(deadline('9月上旬，我们召开了专题会议')).toBeNull();
  });
  it('a habit with 年底前 is no limit; a demand with it is', () => {
    expect(deadline('年底前各类矛盾纠纷也容易集中显现，我们不能掉以轻心')).toBeNull();
    expect(deadline('年底前要完成全部整改')).toBe('年底前');
  });
  it('a start (从/自…开始, …起) is no limit; a half year a demand is set on is', () => {
    expect(deadline('从下半年开始，省里要组织开展一次全面普查')).toBeNull();
    expect(deadline('10月1日起，各单位要执行新的值班制度')).toBeNull();
    expect(deadline('扫尾工程任务下半年都要完成')).toBe('下半年');
  });
  it('only the modal 要 demands: 要好, 要求 and 重要 do not', () => {
    expect(deadline('上半年全县生产总值增长2.1%，情况比预想的要好')).toBeNull();
    expect(deadline('上半年全县生产总值下降1.6，情况比预想的要好')).toBeNull();
    expect(deadline('3月5日，市政府要求各地开展一次排查')).toBeNull();
    expect(deadline('3月5日，这次检查很重要')).toBeNull();
    expect(deadline('3月5日，各地要开展一次排查')).toBe('3月5日');
    expect(deadline('上半年各乡镇要完成摸底')).toBe('上半年');
  });
  it("a date of the speaker's own past act is background; a date set for others, or with a limit word, is not", () => {
    expect(deadline('1月20日，我专门就防汛工作作出批示，要求各乡镇加强巡查')).toBeNull();
    expect(deadline('我在2月12日的县委常委会会议上提出，各乡镇要分片包干')).toBeNull();
    expect(deadline('2月12日的调度会上，我强调各乡镇要分片包干')).toBeNull();
    // Must fire: a future act of the speaker's, the demand on others, a limit word.
    expect(deadline('2月12日，各乡镇要分片包干，我将带队督查')).toBe('2月12日');
    expect(deadline('我在会上强调，2月12日前各乡镇要完成分片包干')).toBe('2月12日前');
  });
});

describe('spoken forms: run-on headings, 第一个, spoken limits, closings, impressions, 是-homophones', () => {
  it('a run-on heading runs into its first "1."; decimals and numbers listed with 、 are no markers', () => {
    expect(markers('三、强化保障，确保各项工作落到实处1.落实属地责任。2.加强队伍建设。')).toEqual(['三、', '1.', '2.']);
    expect(markers('全年增长1.5个百分点，受理1、2号窗口')).toEqual([]);
  });
  it('a run-on heading of two short phrases ends at its heading noun', () => {
    const r = extract('下面，我讲两点意见。一、肯定成绩，正视问题一年来，全市工作取得了明显成效。二、突出重点，全面加强监管各区县要落实。');
    expect(r.speakers[0]?.items[0]?.headline).toBe('肯定成绩，正视问题');
  });
  it('spoken 第一个 / 第二个 alone are markers; 第一个 + a verb is not', () => {
    expect(tree(live(['我讲三个事情', '第一个', '自建房排查', '各社区要过一遍', '第二个', '燃气这一块', '物业公司要配合安检', '第三个', '就是值班'])))
      .toEqual(['第一个 第二个 第三个']);
    expect(markers('他是第一个到达现场的，全省第一个，第一个要求')).toEqual([]);
  });
  it('spoken limits: 这个月底之前, 下个礼拜三之前; 上个礼拜 is past', () => {
    expect(deadline('这个月底之前要把台账报到街道')).toBe('这个月底之前');
    expect(deadline('安监办要在下个礼拜三之前拿出清单')).toBe('下个礼拜三之前');
    expect(deadline('上个礼拜区里开了会')).toBeNull();
  });
  it('就这么几个事 closes the talk; 这么几个事 inside a point does not', () => {
    const closed = live(['我讲两个事情', '第一个', '排查', '各社区要过一遍', '第二个', '值班', '好 就这么几个事 大家抓紧去办']);
    expect(closed.speakers[0]?.items[1]?.responsible).toEqual([]);
    const open = extract('我讲两点。第一，排查。各社区要过一遍。第二，值班。这么几个事要一起抓，各社区要落实。');
    expect(open.speakers[0]?.items[1]?.responsible).toEqual(['各社区']);
  });
  it('党（工）委 is one unit with its sub-kinds; a work topic in parentheses is none', () => {
    expect(units('各乡镇（街道）党（工）委要组织排查。')).toEqual(['各乡镇（街道）党（工）委']);
    expect(units('各项（工作）要抓紧。')).toEqual([]);
  });
  it('a time word between a subject and 要 (各社区晚上要…); a time word alone is no subject', () => {
    expect(units('各社区晚上要有人值班|晚上要保持电话畅通', false)).toEqual(['各社区']);
    expect(units('各社区晚上要有人值班，晚上要保持电话畅通。')).toEqual(['各社区']);
  });
  it('impressions (我有三点感受) whose first point directs nothing are facts; 体会 that direct are points', () => {
    expect(extract('听了大家的发言，我有三点感受：第一，大家对发展充满信心；第二，大家反映的问题很实在；第三，建议很有针对性。').speakers).toEqual([]);
    expect(tree(extract('下面，我谈三点体会：第一，要坚持人民至上；第二，要坚持实事求是；第三，要坚持改革创新。'))).toEqual(['第一 第二 第三']);
  });
  it('a 是-homophone needs a pause before it or an opener after it (not 一时解决不了)', () => {
    expect(markers('能马上解决的马上解决一时解决不了的也要答复')).toEqual([]);
    expect(tree(live(['强调两点', '一时强化路面管控', '各中队要设卡', '二是加强源头监管']))).toEqual(['一时 二是']);
  });
});

describe('spoken 第N before a subject charged with 要 (the trap list would bind 中/党/区/村 to the ordinal)', () => {
  it('after a pause: 第一 党员干部要… / 第二 区住建局要… / 第三 中心城区要… are points', () => {
    const r = live(['同志们今天开个短会', '我强调三点', '第一 党员干部要带头', '第二 区住建局要牵头排查', '第三 中心城区要加强巡查']);
    expect(tree(r)).toEqual(['第一 第二 第三']);
    expect(r.speakers[0]?.items[1]?.responsible).toEqual(['区住建局']);
  });
  it('stripped: 第二中央财政要… continues an open 第N list, and 中央财政 is its unit (not 第二中央财政)', () => {
    const r = extract('同志们今天开个短会我强调三点第一要压实责任各乡镇要抓落实第二中央财政要加大投入第三要加强督导');
    expect(tree(r)).toEqual(['第一 第二 第三']);
    expect(r.speakers[0]?.items[1]?.responsible).toEqual(['中央财政']);
  });
  it('must not: 第一书记, 第二中学, 第三中心小学, 第二党支部书记 after a pause or in stripped text', () => {
    expect(live(['同志们今天开个短会', '我强调三点', '第一书记要驻村', '第二中学要抓好开学', '第三中心小学要加强安保', '第二党支部书记要带头']).speakers).toEqual([]);
    expect(markers('同志们今天开个短会我们县里第一书记要驻村第二中学要抓好开学第三中心小学要加强安保第二党支部书记要带头')).toEqual([]);
  });
  it('must not: without a pause or an open list, 第二中央财政 starts nothing; 第一时间 stays a word', () => {
    expect(extract('同志们今天开个短会今年第二中央财政要加大投入各地要配套').speakers).toEqual([]);
    expect(tree(live(['同志们今天开个短会', '我强调两点', '第一 要压实责任', '第一时间要报告', '第二 要加强巡查']))).toEqual(['第一 第二']);
  });
});

describe('unpunctuated headlines: the heading clause, never a run into the paragraph, never cut inside a word', () => {
  const headline = (text: string): string => {
    const t = norm(text);
    const [s, e] = headlineRange(t, 0, t.length, false, 'di');
    return t.slice(s, e);
  };
  it('the paragraph taking up the heading\'s topic word with a predicate ends the heading', () => {
    expect(headline('坚定文化自信自信才能自强有文化自信的民族才能立得住')).toBe('坚定文化自信');
    // Must not: a word repeated inside the heading, with no predicate after it.
    expect(headline('坚决打好湖北保卫战武汉保卫战武汉胜则湖北胜湖北胜则全国胜')).toBe('坚决打好湖北保卫战武汉保卫战');
  });
  it('a clause opener (这既是, 这次, 节假日期间…) ends it; 今年 as an object does not', () => {
    expect(headline('保持清正廉洁这既是老话题也是常讲常新的话题')).toBe('保持清正廉洁');
    expect(headline('切实加强对主题教育的领导这次主题教育是一件事关全局的大事')).toBe('切实加强对主题教育的领导');
    expect(headline('要把值班制度落到实处节假日期间带班领导要在岗在位')).toBe('要把值班制度落到实处');
    expect(headline('全面完成今年目标任务各地要抓紧推进')).toBe('全面完成今年目标任务');
  });
  it('a heading noun, then a new subject with its predicate; not a 是 inside the heading', () => {
    expect(headline('全力做好北京疫情防控工作首都安全稳定直接关系党和国家工作大局')).toBe('全力做好北京疫情防控工作');
    expect(headline('加快科技创新是实现人民高品质生活的需要当前我国社会主要矛盾')).toBe('加快科技创新是实现人民高品质生活的需要');
  });
  it('with no break, at most 15 chars ending at a word boundary; 重要 is no 要 cue', () => {
    const cut = headline('科学调配医疗力量和重要物资用药如用兵用医如用将');
    expect(cut.startsWith('科学调配医疗力量和重要物资')).toBe(true);
    expect(cut).not.toBe('科学调配医疗力量和重');
  });
});
