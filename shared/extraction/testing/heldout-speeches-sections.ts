/**
 * Held-out speeches, round B: written and labelled after round A was fixed, before the extractor
 * was run on them (same conventions as heldout-speeches.ts). Shapes round A did not have: 第一个方面
 * sections with 一是 points, a raw recogniser transcript with some commas and 二耀, a New Year
 * address with look-back and 体会 lists (no requirement), and three written levels 一、/（一）/1.
 */
import type { HeldoutSpeech } from './heldout-speeches.ts';
import type { LabelItem } from '../evaluation/scoring.ts';

const it = (ordinal: number, marker: string, headline: string, responsible: string[] = [], deadline: string | null = null,
  children: LabelItem[] = []): LabelItem => ({ ordinal, marker, headline, responsible, deadline, children });

const B1 = '同志们：刚才，县发改局、县农业农村局分别作了发言，我都赞同。今年以来，全县经济运行总体平稳，取得了来之不易的成绩，主要体现在三个方面：一是工业生产稳中有升，规上工业增加值增长6.1%；二是项目建设提速，新开工亿元以上项目23个；三是消费市场回暖，社会消费品零售总额增长5.4%。成绩值得肯定，但我们也要清醒看到，经济回升的基础还不牢固。下面，我就做好下半年经济工作讲两个方面的意见。'
  + '第一个方面，要全力以赴稳增长。一是抓项目。县发改局要牵头建立重点项目调度机制，每月召开一次调度会。二是抓企业。各乡镇要落实包联企业制度，帮助企业解决用工、融资等实际困难。三是抓消费。县商务局要在9月底前组织开展一次汽车家电促销活动。'
  + '第二个方面，要统筹做好民生保障。这里，我再讲三点具体要求：第一，兜牢民生底线，县民政局要做好困难群众基本生活保障；第二，稳定就业岗位，县人社局要加强对重点群体的就业帮扶；第三，守住安全底线，各乡镇、各部门要严格落实安全生产责任。'
  + '同志们，下半年时间紧、任务重，希望大家只争朝夕、真抓实干，确保完成全年目标任务。就讲这么多。';

const B2_SEGMENTS = [
  '各位同志，', '今天这个会主要是部署今冬明春的森林防火工作', '我讲三个方面', '首先', '要把思想认识搞到位', '今年冬春气候干燥',
  '火险等级高', '各林区乡镇一定要高度重视', '其次', '要把防控措施落到位', '这里我提两个要求', '一要严管野外用火', '护林员要加强巡山',
  '二耀强化隐患排查', '县林业局要在十二月十五日前完成一轮全面排查', '最后', '要把应急准备做到位', '县森林消防大队要二十四小时备勤', '好',
  '就讲这些',
];

const B3 = '同志们、朋友们：在这辞旧迎新的美好时刻，我谨代表县委、县政府，向全县广大干部群众致以新年的问候！一年来，我们共同经历了许多难忘的时刻。'
  + '一是经济发展迈上新台阶，地区生产总值首次突破300亿元；二是城乡面貌焕然一新，县城第一条快速通道建成通车；三是民生福祉持续增进，新建改建学校12所。'
  + '这些成绩的取得，凝聚着全县人民的智慧和汗水。回首过去，我们深深体会到：第一，发展是硬道理，任何时候都不能动摇；第二，团结就是力量，只要心往一处想、劲往一处使，就没有过不去的坎。'
  + '新的一年，让我们携起手来，共同创造更加美好的明天！';

const B4 = `同志们：
这次全市统计工作会议，主要是总结去年统计工作，安排部署今年重点任务。下面，我讲两点意见。
一、客观看待统计工作面临的形势
过去一年，全市统计系统圆满完成了各项调查任务，统计数据质量稳步提高。同时也要看到，统计造假问题仍时有发生，基层统计力量薄弱的状况没有根本改变。各级统计机构要正视问题，切实增强做好统计工作的责任感和紧迫感。
二、扎实做好今年统计重点工作
（一）全力做好经济普查工作。今年是经济普查年，任务十分繁重。
1.加强组织领导。各县（市、区）要成立经济普查领导小组，主要负责同志要亲自过问。
2.做好清查摸底。各普查机构要在6月30日前完成单位清查。
3.严格质量控制。市统计局要对普查数据开展抽样核查。
（二）切实防范统计造假。要严格执行统计法律法规，对弄虚作假的，一律依法严肃处理。市统计局执法大队要加大执法检查力度。
（三）不断提升统计服务水平。要加强统计分析研究，多出高质量的分析报告。总之，统计工作是经济社会发展的重要基础，各级各部门要一如既往地支持统计工作。
谢谢大家！`;

export const SECTION_SPEECHES: HeldoutSpeech[] = [
  { name: 'B1 county economy speech, run-on: 体现在 achievements, 第一个方面 sections with 一是 points and an announced 第一/第二/第三 inside',
    text: B1,
    label: { speakers: [{ name: '会议', role: null, announced_count: 2, items: [
      it(1, '第一个方面', '要全力以赴稳增长', [], null, [
        it(1, '一是', '抓项目', ['县发改局']),
        it(2, '二是', '抓企业', ['各乡镇']),
        it(3, '三是', '抓消费', ['县商务局'], '9月底前')]),
      it(2, '第二个方面', '要统筹做好民生保障', [], null, [
        it(1, '第一', '兜牢民生底线', ['县民政局']),
        it(2, '第二', '稳定就业岗位', ['县人社局']),
        it(3, '第三', '守住安全底线', ['各乡镇、各部门'])])] }],
    traps: ['一是工业生产稳中有升', '二是项目建设提速', '三是消费市场回暖'] } },
  { name: 'B2 forest-fire talk from the recogniser: a few commas, pauses, 首先/其次/最后 spoken alone, 一要/二耀 inside',
    text: B2_SEGMENTS.join(''),
    segments: B2_SEGMENTS,
    label: { speakers: [{ name: '会议', role: null, announced_count: 3, items: [
      it(1, '首先', '要把思想认识搞到位', ['各林区乡镇']),
      it(2, '其次', '要把防控措施落到位', [], null, [
        it(1, '一要', '严管野外用火', ['护林员']),
        it(2, '二耀', '强化隐患排查', ['县林业局'], '十二月十五日前')]),
      it(3, '最后', '要把应急准备做到位', ['县森林消防大队'])] }] } },
  { name: 'B3 trap: New Year address with a look-back 一是… list and a 体会 第一/第二 list',
    text: B3,
    label: { speakers: [], traps: ['一是经济发展迈上新台阶', '第一，发展是硬道理', '第一条快速通道'] } },
  { name: 'B4 statistics speech: 一、/（一）/1. three written levels, 总之 inside the last point, 谢谢大家',
    text: B4,
    label: { speakers: [{ name: '会议', role: null, announced_count: 2, items: [
      it(1, '一、', '客观看待统计工作面临的形势', ['各级统计机构']),
      it(2, '二、', '扎实做好今年统计重点工作', [], null, [
        it(1, '（一）', '全力做好经济普查工作', [], null, [
          it(1, '1.', '加强组织领导', ['各县（市、区）', '主要负责同志']),
          it(2, '2.', '做好清查摸底', ['各普查机构'], '6月30日前'),
          it(3, '3.', '严格质量控制', ['市统计局'])]),
        it(2, '（二）', '切实防范统计造假', ['市统计局执法大队']),
        it(3, '（三）', '不断提升统计服务水平', ['各级各部门'])])] }] } },
];
