/**
 * Patterns of real meeting reports (written from the label conventions, not copied from fixtures):
 * each case states the input text and the expected speakers/items.
 */
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';

interface Expect { name: string | null; role?: string | null; count?: number | null; markers: string[] }

function summary(text: string): Expect[] {
  return extract(text).speakers.map((s) => ({
    name: s.name, role: s.role, count: s.announced_count, markers: s.items.map((i) => i.marker),
  }));
}

const CASES: Array<[string, string, Expect[]]> = [
  ['subject before the first marker (…职工首先要…其次要…三是…)',
    '张书记要求，全体党员干部职工首先要提高政治站位，切实增强责任感；其次要强化责任担当，狠抓工作落实；三是要严守纪律规矩，树立良好形象。',
    [{ name: '张书记', role: '书记', count: null, markers: ['首先', '其次', '三是'] }]],
  ['plans announced as 四个方面的工作',
    '李院长表示，下一步，全市法院将重点推进四个方面的工作：一是深化司法改革；二是提升审判质效；三是加强队伍建设；四是推进智慧法院建设。',
    [{ name: '李院长', role: '院长', count: 4, markers: ['一是', '二是', '三是', '四是'] }]],
  ['same person, two lists in two paragraphs',
    '张俊杰要求，一要高度重视，二要狠抓落实。\n会议结束前，张俊杰再次强调：一是明天上午8:00,全体人员到指定地点集合；二是各科室要做好准备。',
    [{ name: '张俊杰', markers: ['一要', '二要'] }, { name: '张俊杰', markers: ['一是', '二是'] }]],
  ['characteristics, then requirements',
    '王书记指出，这次活动有两个非常鲜明的特点：一是覆盖面广，二是针对性强。王书记要求，一要提高认识，二要加强领导。',
    [{ name: '王书记', markers: ['一要', '二要'] }]],
  ['achievements are no list', '今年以来，全县公安工作取得阶段性成效。一是打击犯罪成效明显，破案率同比上升。二是社会治安持续好转。', []],
  ['past-tense points are no list', '今年以来，我县扎实推进各项工作：一是加强了组织领导，二是完善了工作制度。', []],
  ['problems are no list', '当前存在的问题主要有：一是认识不到位；二是措施不得力。', []],
  ['agenda is no list', '会议共有四项议程。一是传达上级文件精神；二是通报工作情况；三是安排部署下一步工作；四是县委书记讲话。', []],
  ['organisation as speaker', '区局要求，一是各所队要加强值班；二是要及时报送信息。', [{ name: '区局', role: null, markers: ['一是', '二是'] }]],
  ['masked role', '乡*委书记赵某某强调：一要提高认识；二要落实责任。', [{ name: '赵某某', role: '乡*委书记', markers: ['一要', '二要'] }]],
  ['addressees in the lead-in', '陆晓延要求相关部门、乡镇:一要加强领导;二要落实责任。陆晓延强调:一要严守纪律;二要转变作风;三要提升能力。',
    [{ name: '陆晓延', markers: ['一要', '二要'] }, { name: '陆晓延', markers: ['一要', '二要', '三要'] }]],
  ['pronoun lead-in takes the earlier named speaker',
    '县委书记刘某某在讲话中指出，今年以来全县经济运行总体平稳。他强调，下一步要重点抓好三项工作：一是抓项目建设；二是抓招商引资；三是抓民生保障。',
    [{ name: '刘某某', role: '县委书记', markers: ['一是', '二是', '三是'] }]],
  ['我讲三个问题 → 3', '王书记说，今天我讲三个问题。第一，关于安全生产。第二，关于信访维稳。第三，关于队伍建设。',
    [{ name: null, count: 3, markers: ['第一', '第二', '第三'] }]],
  ['surname + title resolved to the full name written earlier',
    '会议由副局长张某主持，局长王国强出席会议并讲话。王局长要求：一是加强领导；二是落实责任。',
    [{ name: '王国强', role: '局长', markers: ['一是', '二是'] }]],
  ['取得实效 as a goal is no achievement', '为确保活动取得实效，一是加强领导；二是落实责任。', [{ name: null, markers: ['一是', '二是'] }]],
  ['title-only speaker', '市长在会上提出三点要求。第一，要提高政治站位。第二，要压实工作责任。第三，要强化督查问责。',
    [{ name: '市长', role: '市长', count: 3, markers: ['第一', '第二', '第三'] }]],
  ['第一个方面 markers after thanks (首先，我代表…)',
    '首先，我代表市委向大家表示感谢。其次，我讲几点意见。第一个方面，要提高认识。第二个方面，要加强领导。',
    [{ name: null, markers: ['第一个方面', '第二个方面'] }]],
];

describe('report patterns', () => {
  for (const [name, text, want] of CASES) {
    it(name, () => expect(summary(text)).toMatchObject(want));
  }

  it('narrative after the last point is not part of it', () => {
    const s = extract('局长王某某强调，一是要提高认识；二是要加强领导；三是要狠抓落实。随后，与会人员进行了讨论。').speakers[0];
    expect(s?.items[2]?.text).toBe('要狠抓落实。');
  });
  it('another speaker taking the floor ends the list', () => {
    const s = extract('市长提出三点要求。第一，要提高站位。第二，要压实责任。第三，要强化督查。市委副书记、政法委书记李文起传达了全会精神，各单位要认真学习。').speakers[0];
    expect(s?.items[2]?.text).toBe('要强化督查。');
    expect(s?.items[2]?.responsible).toEqual([]);
  });
  it('希望 targets and unit names without 各', () => {
    const s = extract('王局长强调：一是希望三名县派第一书记尽快进入角色；二是岷县消防救援大队要加强值守；三是支队防火监督科要开展检查，9月20日前完成。').speakers[0];
    expect(s?.items.map((i) => i.responsible)).toEqual([['三名县派第一书记'], ['岷县消防救援大队'], ['支队防火监督科']]);
    expect(s?.items[2]?.deadline).toBe('9月20日前');
  });
  it('title lines: the last point keeps its explaining paragraph', () => {
    const s = extract('会议要求：\n一、加强组织领导\n各单位要成立工作专班。\n二、强化督导检查\n督查室要在月底前完成检查。\n会议还通报了其他事项。').speakers[0];
    expect(s?.items.map((i) => [i.headline, i.responsible, i.deadline])).toEqual([
      ['加强组织领导', ['各单位'], null], ['强化督导检查', ['督查室'], '月底前']]);
    expect(s?.items[1]?.text).toBe('强化督导检查\n督查室要在月底前完成检查。');
  });
  it('希望他们 points back to the people named earlier in the item', () => {
    const s = extract('王书记强调：一是对三名县派第一书记表示欢迎，希望他们尽快进入角色；二是各村要积极配合。').speakers[0];
    expect(s?.items.map((i) => i.responsible)).toEqual([['三名县派第一书记'], ['各村']]);
  });
  it('objects of an action and time windows are not captured', () => {
    const s = extract('会议要求：一是要对辖区内的中小学校开展安全检查，3月2日8时至3月16日18时实行24小时值班；二是各派出所要加强巡逻。').speakers[0];
    expect(s?.items[0]).toMatchObject({ responsible: [], deadline: null });
    expect(s?.items[1]?.responsible).toEqual(['各派出所']);
  });
  it('a time-only lead clause keeps the whole sentence as headline', () => {
    const s = extract('张俊杰强调：一是明天上午8:00,全体人员到指定地点集合,不得迟到；二是各科室要做好准备。').speakers[0];
    expect(s?.items[0]?.headline).toBe('明天上午8:00,全体人员到指定地点集合,不得迟到');
  });
});
