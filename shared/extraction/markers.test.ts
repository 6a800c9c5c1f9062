import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';
import { scanCandidates } from './markers.ts';
import type { ExtractedItem } from './types.ts';

/** Markers and headlines of the first list, children flattened with a "/" prefix. */
function outline(text: string): string[] {
  const out: string[] = [];
  const walk = (items: ExtractedItem[], prefix: string): void => {
    for (const i of items) {
      out.push(`${prefix}${i.marker}:${i.headline}`);
      walk(i.children, `${prefix}/`);
    }
  };
  for (const s of extract(text).speakers) walk(s.items, '');
  return out;
}

describe('marker styles', () => {
  const cases: Array<[string, string, string[]]> = [
    ['第一/第二', '会议要求：第一，要提高认识。第二，要加强领导。第三，要狠抓落实。',
      ['第一:要提高认识', '第二:要加强领导', '第三:要狠抓落实']],
    ['一是/二是', '张三局长强调，一是要统一思想；二是要压实责任；三是要强化督导。',
      ['一是:要统一思想', '二是:要压实责任', '三是:要强化督导']],
    ['一要/二要 (要 kept in the marker)', '会议强调，一要统一思想，二要狠抓落实，三要严格考核。',
      ['一要:统一思想', '二要:狠抓落实', '三要:严格考核']],
    ['一、二、', '孙七讲了四点意见。一、抓好安全生产。二、抓好疫情防控。三、抓好信访维稳。四、抓好队伍建设。',
      ['一、:抓好安全生产', '二、:抓好疫情防控', '三、:抓好信访维稳', '四、:抓好队伍建设']],
    ['full-width （一）', '李四书记提出三点意见：（一）提高站位。（二）强化担当。（三）狠抓落实。',
      ['（一）:提高站位', '（二）:强化担当', '（三）:狠抓落实']],
    ['half-width (1)', '王五主任要求:(1)加强值班;(2)及时报告;(3)做好保障。',
      ['(1):加强值班', '(2):及时报告', '(3):做好保障']],
    ['1. with spaces', '赵六指出：1. 加强组织领导。2. 完善工作机制。3. 强化督导考核。',
      ['1.:加强组织领导', '2.:完善工作机制', '3.:强化督导考核']],
    ['1、', '高院长强调:1、加强管理。2、大家要积极整改。', ['1、:加强管理', '2、:大家要积极整改']],
    ['1）', '会议强调：1）压实责任；2）加强巡查；3）及时整改。', ['1）:压实责任', '2）:加强巡查', '3）:及时整改']],
    ['首先/其次/再次/最后', '周八要求，首先，要提高认识。其次，要落实责任。再次，要加强督查。最后，要严肃问责。',
      ['首先:要提高认识', '其次:要落实责任', '再次:要加强督查', '最后:要严肃问责']],
    ['mixed 一是/第二是/第三', '会议要求，一是提高认识；第二是加强领导；第三，强化督导。',
      ['一是:提高认识', '第二是:加强领导', '第三:强化督导']],
    ['其一/其二', '会议强调，其一，要守住底线。其二，要压实责任。', ['其一:要守住底线', '其二:要压实责任']],
    ['mixed 首先/其次/三是', '首先，要提高认识，其次，要加强领导，三是要落实责任。',
      ['首先:要提高认识', '其次:要加强领导', '三是:要落实责任']],
  ];
  for (const [name, text, want] of cases) {
    it(name, () => expect(outline(text)).toEqual(want));
  }

  it('counts beyond ten: 第十一, 第十二', () => {
    const points = ['加强领导', '落实责任', '加强督查', '严格考核', '强化保障', '做好宣传', '加强培训', '完善制度',
      '严格纪律', '狠抓落实', '总结经验', '及时报告'];
    const ordinals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
    const text = `吴九要求：${points.map((p, i) => `第${ordinals[i]}，${p}。`).join('')}`;
    const items = extract(text).speakers[0]?.items ?? [];
    expect(items.map((i) => i.marker)).toEqual(ordinals.map((o) => `第${o}`));
    expect(items.map((i) => i.ordinal)).toEqual(points.map((_, i) => i + 1));
  });

  it('nested lists: 一是… inside 首先, then 第二', () => {
    expect(outline('王局长指出，首先，必须统一思想。一是要提高认识；二是要转变作风。第二，必须深化改革。第三，必须从严治警。'))
      .toEqual(['首先:必须统一思想', '/一是:要提高认识', '/二是:要转变作风', '第二:必须深化改革', '第三:必须从严治警']);
  });

  it('nested (一)(二) inside 第一', () => {
    expect(outline('会议要求：第一，加强领导。（一）成立专班。（二）明确分工。第二，落实责任。'))
      .toEqual(['第一:加强领导', '/（一）:成立专班', '/（二）:明确分工', '第二:落实责任']);
  });

  it('a second list restarts at 1 (new speaker, same style)', () => {
    const r = extract('李局长要求：一是加强领导。二是落实责任。刘政委强调：一是严守纪律。二是转变作风。三是提升能力。');
    expect(r.speakers.map((s) => [s.name, s.items.length])).toEqual([['李局长', 2], ['刘政委', 3]]);
  });

  it('a second list of the same style without a new lead-in restarts at 1', () => {
    const r = extract('会议要求：一是加强领导；二是落实责任。\n一是严守纪律；二是转变作风；三是提升能力。');
    expect(r.speakers.map((s) => s.items.map((i) => i.ordinal))).toEqual([[1, 2], [1, 2, 3]]);
  });

  it('a lone 二是 or a lone 第一 is no list', () => {
    expect(outline('他说，二是这样的。')).toEqual([]);
    expect(outline('会议要求：第一，要提高认识，把工作做好。')).toEqual([]);
  });

  it('an announced lead-in makes even one point a list (with count_mismatch)', () => {
    const s = extract('我讲三点意见。第一，要提高认识。').speakers[0];
    expect(s?.items.length).toBe(1);
    expect(s?.count_mismatch).toBe(true);
  });
});

describe('traps never become items', () => {
  const traps: Array<[string, string]> = [
    ['第一次 / 第一书记 / 第一责任人 / 第一要务 / 安全第一 / 排名第一',
      '郑十同志指出，第一次会议以来，各单位认真落实。村第一书记要发挥作用，主要领导是第一责任人，发展是第一要务，坚持安全第一，我市排名第一。'],
    ['第二批 / 第七次全国人口普查 / 第二中学校', '第二批教育活动已经启动。第七次全国人口普查即将开始。第二中学校长参加了会议，第三名也来了。'],
    ['有一是一、有二是二', '必须坚持实事求是，有一是一、有二是二，既报喜又报忧。'],
    ['dates and counts', '10月31日，会议召开。省厅出台了19项措施，明确了38款问责情形，2014-07-31发布，03.11.2014更新，3.5%增长。'],
    ['slogans', '我们坚持“三严三实”，推进“两学一做”，落实“一岗双责”，学习十九届一中、二中、三中全会精神。'],
    ['agenda 首先由…其次由…最后', '会议由王局长主持。首先由李科长传达文件精神，其次由张主任通报情况，最后王局长作总结讲话。'],
    ['narrative 首先…随后…最后', '会上，首先观看了警示教育片，随后学习了文件，最后进行了讨论。'],
    ['achievements', '今年以来，我局工作取得阶段性成效。一是队伍建设不断加强。二是执法水平明显提高。三是服务质量持续提升。'],
    ['characteristics', '这项活动有两个鲜明的特点：一是覆盖面广，二是针对性强。'],
    ['agenda with 一是', '会议共四项议程。一是传达文件。二是通报情况。三是部署工作。四是领导讲话。'],
    ['unnumbered 要…要… list', '会议要求，各市党委要负全面领导责任。要把主体责任作为政治责任。要全面履行主体责任。'],
    ['统一/唯一 are not 一是/一要', '统一要求，唯一是从，进一步要求各单位。'],
    ['rankings, quarters, rounds, classes', '我市位列全省第三，排在第一，第一季度和第二季度分别开展了第一轮、第二轮检查，三(1)班和三(2)班获奖，第一环节和第二环节顺利完成。'],
    ['unpunctuated narrative', '今年第一季度全市第一批项目开工第二批项目在第二环节已完成第三方评估位列全省第一这是第一次也是第二次'],
  ];
  for (const [name, text] of traps) {
    it(name, () => expect(outline(text)).toEqual([]));
  }

  it('a trap inside an item does not break the list', () => {
    expect(outline('会议要求：第一，要始终牢记安全第一。第二，要把好第一道关。第三，要抓好第二批活动。'))
      .toEqual(['第一:要始终牢记安全第一', '第二:要把好第一道关', '第三:要抓好第二批活动']);
  });
});

describe('scanCandidates', () => {
  it('reads ordinal, family and body start', () => {
    const t = '要求：第二是加强领导';
    const [c] = scanCandidates(t, 0, t.length);
    expect(c).toMatchObject({ start: 3, markerEnd: 6, bodyStart: 6, ordinal: 2, family: 'di' });
  });
  it('works on normalised text and skips separators after the marker', () => {
    const t = '要求:第一,:加强领导';
    const [c] = scanCandidates(t, 0, t.length);
    expect(c).toMatchObject({ markerEnd: 5, bodyStart: 7, family: 'di', ordinal: 1 });
  });
});
