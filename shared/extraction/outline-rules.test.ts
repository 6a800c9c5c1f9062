/**
 * Rules of the outline walk added for whole speeches (issue 9), each with a case it must not fire
 * on. Texts are short constructions, not copies of the development speeches.
 */
import { describe, expect, it } from 'vitest';
import { createExtractor, extract } from './index.ts';
import { scanCandidates } from './markers.ts';
import { NormText } from './text-buffer.ts';
import { strip } from './testing/test-support.ts';
import type { ExtractedItem, ExtractionResult } from './types.ts';

/** "marker[children]" per list, e.g. ["一、[第一 第二] 二、"]. */
function tree(r: ExtractionResult): string[] {
  const items = (xs: ExtractedItem[]): string => xs.map((x) => x.marker + (x.children.length ? `[${items(x.children)}]` : '')).join(' ');
  return r.speakers.map((s) => items(s.items));
}

/** Literal markers of every candidate in `text` (scanned on its normalised form: ，→ , …). */
function literal(text: string): string[] {
  const buf = new NormText();
  buf.append(text);
  return scanCandidates(buf.norm, 0, buf.length).map((c) => buf.rawSlice(c.start, c.markerEnd));
}

const filler = (n: number): string => '各项工作扎实推进，群众满意度稳步提升。'.repeat(n);

describe('sections last until a higher-level marker, however long', () => {
  it('a section of 4,000 chars keeps its heading and its own list', () => {
    const text = `下面，我讲两点意见。一、认清形势。${filler(220)}这里，我强调两点。第一，要压实责任。第二，要加强督导。二、狠抓落实。各单位要抓好落实。`;
    expect(text.length).toBeGreaterThan(4000);
    expect(tree(extract(text))).toEqual(['一、[第一 第二] 二、']);
  });
  it('a higher-level marker closes the deeper list (not a window)', () => {
    expect(tree(extract('下面，我讲两点意见。一、认清形势。第一，要压实责任。第二，要加强督导。二、狠抓落实。第三，要严格考核。'))).toEqual(['一、[第一 第二] 二、']);
  });
  it('must not: an inline news list does not take the next paragraph into its last point', () => {
    const r = extract('会议要求：一是要加强领导；二是要落实责任，各乡镇要抓紧部署。\n当天下午，与会人员观摩了现场。各村要做好准备。');
    expect(r.speakers[0]?.items[1]?.responsible).toEqual(['各乡镇']);
  });
});

describe('requirement vs description at every level', () => {
  it('a fact list inside a section is no child; a requirement list is', () => {
    const text = '下面，我讲两点意见。一、关于前段工作。近期，我们主要做了以下工作：一是加强巡逻，二是排查隐患。二、关于下步工作。要抓好以下工作：第一，要压实责任。第二，要加强督导。';
    expect(tree(extract(text))).toEqual(['一、 二、[第一 第二]']);
  });
  it('a section heading that reports achievements makes its list facts; a directive heading does not', () => {
    const facts = '下面，我讲两点意见。\n一、全县脱贫攻坚取得决定性成就\n目前看，进度符合预期。\n第一，目标任务接近完成。\n第二，群众收入大幅提高。\n二、确保完成目标任务\n第一，要攻坚克难。\n第二，要巩固成果。';
    expect(tree(extract(facts))).toEqual(['一、 二、[第一 第二]']);
    const views = '下面，我讲两点意见。\n一、深刻认识开展教育的重大意义\n具有重要意义。\n第一，这是统一思想的必然要求。\n第二，这是推动工作的必然要求。\n二、切实加强领导\n各级要高度重视。';
    expect(tree(extract(views))).toEqual(['一、[第一 第二] 二、']);
  });
  it('the meeting\'s purpose or agenda is no list; a speaker\'s tasks are', () => {
    expect(extract('今天，我们召开一个座谈会，一是同大家谈谈心，二是听听大家的意见。').speakers).toEqual([]);
    expect(extract('今天召开全区工作会议，主要有三项任务：一是传达会议精神；二是通报检查情况；三是部署下步工作。').speakers).toEqual([]);
    expect(tree(extract('下一步，要重点抓好三项任务：一是传达会议精神；二是通报检查情况；三是部署下步工作。'))).toEqual(['一是 二是 三是']);
  });
  it('an announced list of the same or higher rank ends the description it would hang in; a lower one is part of it', () => {
    const purpose = '今天，我们召开一个座谈会，一是同大家谈谈心，二是听听大家的意见。下面，我讲几点意见。一、保护市场主体活力。二、弘扬企业家精神。';
    expect(tree(extract(purpose))).toEqual(['一、 二、']);
    const report = '我就规划起草的有关情况作说明。\n一、起草过程\n我们注意把握以下几点。一是坚持目标导向。二是坚持系统思维。\n二、需要说明的问题\n第一，关于发展目标。第二，关于发展安全。';
    expect(extract(report).speakers).toEqual([]);
  });
  it('an explanation of a document or a work report describes; titles in 《》 are no cues', () => {
    expect(extract('我就《关于加强安全工作的建议》起草情况作说明。一、起草过程。二、主要内容。').speakers).toEqual([]);
    expect(extract('下面，我将全年工作情况汇报如下。一、主要工作。二、存在问题。').speakers).toEqual([]);
    expect(tree(extract('下面，我对贯彻《建议》提几点要求。一、提高认识。二、加强领导。'))).toEqual(['一、 二、']);
  });
  it('a described noun (以下基本要素) even after 必须 lists properties; 必须做好以下工作 lists demands', () => {
    expect(extract('建成强市，必须具备以下基本要素：一是拥有强大的创新能力。二是拥有一流的人才队伍。').speakers).toEqual([]);
    expect(tree(extract('建成强市，必须做好以下工作：一是提升创新能力。二是培养人才队伍。'))).toEqual(['一是 二是']);
  });
  it('a fact noun counts only as the announced head: 让科技成果涌现出来 directs, 主要成果有 reports', () => {
    expect(tree(extract('关键是要改善生态，让科技成果源源不断涌现出来。第一，坚持需求导向。第二，整合科技资源。'))).toEqual(['第一 第二']);
    expect(extract('一年来，全局取得的主要成果有：一是科研立项增加，二是成果转化加快。').speakers).toEqual([]);
  });
});

describe('lists close on structure only', () => {
  it('总之 and 当前 inside a point do not close the list', () => {
    const r = extract('下面，我讲三点意见。第一，要提高认识。当前，一些单位重视不够。总之，安全无小事。第二，要压实责任。第三，要严格考核。');
    expect(tree(r)).toEqual(['第一 第二 第三']);
  });
  it('以上我重点讲了…, 同志们！ and 最后，我…提N点要求 end the list; the next list is top-level', () => {
    const closing = '下面，我讲两点。第一，要提高认识。第二，要压实责任。以上我重点讲了两个问题。这里，我给大家提几点希望。一是加强学习，二是深入调研。';
    expect(tree(extract(closing))).toEqual(['第一 第二', '一是 二是']);
    const vocative = '下面，我讲两点。第一，要提高认识。第二，要压实责任。\n同志们！这里，我提几点要求。\n一是加强学习。\n二是深入调研。';
    expect(tree(extract(vocative))).toEqual(['第一 第二', '一是 二是']);
    const final = '下面，我讲两点。一、提高认识。二、压实责任，各单位要抓好落实。最后，我给参加会议的同志们提2点要求。一要狠抓落实。二要增强本领。';
    expect(tree(extract(final))).toEqual(['一、 二、', '一要 二要']);
  });
  it('must not: 县处级以上, 参加会议的同志们, a list with its own lead-in inside a section stays a child', () => {
    const text = '下面，我讲两点。一、提高认识。县处级以上领导干部要带头学习。参加会议的同志们要把精神传达下去。这里，我提几点希望。第一，要勤学。第二，要善思。二、压实责任。';
    expect(tree(extract(text))).toEqual(['一、[第一 第二] 二、']);
  });
  it('第一个方面 sections keep their own level: 第一/第二 points announced inside are children', () => {
    const text = '下面，我讲两个方面的意见。第一个方面，要稳增长。一是抓项目。二是抓企业。第二个方面，要保民生。这里，我再讲三点：第一，兜牢底线；第二，稳定就业；第三，守住安全。';
    expect(tree(extract(text))).toEqual(['第一个方面[一是 二是] 第二个方面[第一 第二 第三]']);
    // Must not: plain 第一… inside a plain 第一 list is still a new list of that level.
    expect(tree(extract('会议要求：第一，要加强领导。第二，要落实责任。他还要求，第一，要严格考核；第二，要强化督导。'))).toEqual(['第一 第二', '第一 第二']);
  });
  it('最后，我还要强调… is the speaker\'s last point of the top-level list', () => {
    const r = extract('下面，我讲两点。一、提高认识。第一，要勤学。第二，要善思。二、压实责任。最后，我还要强调的是，各单位要防止形式主义。');
    expect(tree(r)).toEqual(['一、[第一 第二] 二、 最后']);
  });
  it('最后 closes 首先/其次 however deep the points of 其次 went; 越到最后 is no point', () => {
    const r = extract('下面，我讲几点。首先，要提高认识。其次，要抓好重点。一是抓校舍安全。二是抓食品安全。最后，要加强领导，越到最后越要紧绷这根弦。');
    expect(tree(r)).toEqual(['首先 其次[一是 二是] 最后']);
  });
});

describe('raw ASR', () => {
  it('stripped section headings: a number that opens a point continues a list of sections', () => {
    const text = strip(`下面，我讲两点意见。一、关于疫情防控。${filler(20)}第一，要守住防线。第二，要加强救治。二、关于复工复产。第一，要分区施策。第二，要稳住就业。`);
    expect(tree(extract(text))).toEqual(['一[第一 第二] 二[第一 第二]']);
  });
  it('must not: numerals in slogans, names and words (两不愁三保障, 三区三州, 李四光, 十八大, 九州共贯)', () => {
    const text = strip(`下面，我讲两点意见。一、关于脱贫攻坚。${filler(10)}“两不愁三保障”突出问题总体解决，“三区三州”要重点攻坚，李四光精神要发扬，党的十八大以来成就巨大，九州共贯。二、关于乡村振兴。各地要抓好落实。`);
    expect(tree(extract(text))).toEqual(['一 二']);
  });
  it('stripped （一） under 一、 is a sub-list, not the next section', () => {
    const text = strip('下面，我讲两点意见。\n一、突出重点\n（一）严厉打击犯罪。刑侦大队要牵头。\n（二）加强巡逻防控。巡警要加强巡逻。\n二、强化保障\n各单位要抓好落实。');
    expect(tree(extract(text))).toEqual(['一[一 二] 二']);
  });
  it('homophones the recogniser writes (地二, 二事) are markers where their style is expected', () => {
    const text = '我简单讲两点第一提高思想认识各村要亲自抓地二落实网格责任这里讲两个要求一是要划清责任区二事要加强巡查';
    expect(tree(extract(text))).toEqual(['第一 地二[一是 二事]']);
  });
  it('must not: 认真地一项一项, 一事一议, 下午三时, 药品', () => {
    expect(extract('会议要求，要认真地一项一项落实，坚持一事一议，下午三时前报送，严查假冒药品。').speakers).toEqual([]);
    expect(extract(strip('要认真地一项一项落实坚持一事一议下午三时要报送严查药品')).speakers).toEqual([]);
  });
  it('a heading spoken as its own segment (a pause after it) is a heading', () => {
    const segments = ['同志们 今天开个短会', '我讲两点意见', '一 疫情防控', `各地要抓好落实${strip(filler(10))}`, '二 复工复产', '有序复工是当前的关键'];
    const ex = createExtractor();
    for (const seg of segments) ex.push(seg, { boundary: true });
    ex.end();
    expect(tree(ex.result())).toEqual(['一 二']);
    expect(ex.result().speakers[0]?.items.map((i) => i.headline)).toEqual(['疫情防控', '复工复产']);
    // Without the pauses nothing shows that 二复工复产 starts a section.
    expect(tree(extract(segments.join('')))).toEqual(['一']);
  });
  it('两个结合 is no announced count', () => {
    expect(extract('深刻理解两个结合的重大意义，要做到以下几点：第一，坚持守正。第二，坚持创新。').speakers[0]?.announced_count).toBeNull();
  });
  it('a skipped ordinal stays in the list (ordinal = position, marker as written), so 第三 can be reported missing', () => {
    const items = extract('会议要求：第一，要加强领导。第二，要落实责任。第四，要强化督导。').speakers[0]?.items ?? [];
    expect(items.map((i) => [i.ordinal, i.marker])).toEqual([[1, '第一'], [2, '第二'], [3, '第四']]);
  });
  it('第四，一体推进 is a point; 第一、二名 is not', () => {
    expect(tree(extract('会议要求：第一，要加强领导。第二，要落实责任。第三，要强化督导。第四，一体推进各项工作。'))).toEqual(['第一 第二 第三 第四']);
    expect(extract('全县比赛中，我局获得第一、二名。').speakers).toEqual([]);
  });
});

describe('numerals inside words, codes and quantities are no markers (documented rules, each with its must-not)', () => {
  // Unpunctuated, after a lead-in cue (要求/意见): the place where a bare number would be read as a point.
  const cue = '同志们下面我提几点要求';
  it('一下 / 一切 / 一起 / 一体 are words; with another numeral 切实 still opens a point (三切实加强)', () => {
    expect(literal(`${cue}我再强调一下安全生产一切工作都要围绕发展大家一起抓一体推进`)).toEqual([]);
    expect(literal(`${cue}一加强领导二压实责任三切实加强督导`)).toEqual(['一', '二', '三']);
  });
  it('大一统 and 最后一 (最后一公里, 最后一年) hold no point; 一统筹… after a cue does', () => {
    expect(literal(`${cue}要维护国家大一统格局`)).toEqual([]);
    expect(literal(`${cue}要打通最后一公里抓好最后一年`)).toEqual([]);
    expect(literal(`${cue}一统筹发展和安全`)).toEqual(['一']);
  });
  it('最后的硬骨头 / 最后一公里 are no 最后 point, punctuated or not; 最后，要… is', () => {
    expect(literal('这是最后的硬骨头，要打通最后一公里。')).toEqual([]);
    expect(literal(`${cue}这是最后的硬骨头要打通最后一公里`)).toEqual([]);
    expect(literal('我讲三点。首先，要提高认识。其次，要压实责任。最后，要加强领导。')).toEqual(['首先', '其次', '最后']);
  });
  it('codes and quantities (3A级, 5G, 3公里) are no markers; a number before a unit charged with 要 is', () => {
    expect(literal(`${cue}景区要创建3A级标准要加快5G基站建设道路全长3公里`)).toEqual([]);
    expect(literal(`${cue}1县应急局要牵头2县防汛办要配合`)).toEqual(['1', '2']);
  });
  it('a lone bare "1" needs a lead-in cue, a point it opens, or a stripped heading right before it', () => {
    // No cue and nothing a point opens with: quantities, not a list (a later "2" alone starts none).
    expect(literal('同志们全县发放宣传册1本张贴海报2幅')).not.toContain('1');
    expect(extract('同志们全县发放宣传册1本张贴海报2幅各单位要抓好宣传').speakers).toEqual([]);
    // Opens a point (a unit charged with 要) or follows a cue: a marker.
    expect(literal('全县已有企业参加1各单位要加快转型2各乡镇要抓好落实')).toEqual(['1', '2']);
    expect(literal('同志们我讲两点意见1关于安全生产')).toEqual(['1']);
  });
  it('二药 / 二耀 stand for 二要 where a point opens; 二药品 (a word) is no 二要', () => {
    const text = `${cue}一要加强领导各单位要抓二药加强督导各乡镇要落实`;
    expect(tree(extract(text))).toEqual(['一要 二药']);
    expect(literal(`${cue}一要加强领导各单位要抓二药品安全要抓好`)).not.toContain('二药');
  });
});

describe('stripped 第N and its homophones in running text', () => {
  it('地 ending a word (天地, 各地, 基地) is no 第: 新天地四是… keeps 四是 in its 是-list', () => {
    const text = '同志们下面我讲四点一是加强领导二是压实责任三是严格考核依靠斗争打开事业发展新天地四是保持清正廉洁各级要带头';
    expect(literal(text)).toEqual(['一是', '二是', '三是', '四是']);
    // Must fire: 地三 after a char it forms no word with is the recogniser's 第三.
    expect(literal('同志们下面我讲四点第一加强领导各单位要抓第二压实责任各单位要抓地三严格考核各单位要抓')).toEqual(['第一', '第二', '地三']);
  });
  it('after 安全 only 第一 is the slogan: 安全第三扎实做好… is a point, 安全第一要… is not', () => {
    const base = '同志们我讲三点第一要加强领导各单位要抓第二要压实责任';
    expect(literal(`${base}确保自身安全第三扎实做好稳定工作`)).toEqual(['第一', '第二', '第三']);
    expect(literal(`${base}坚持安全第一要抓好生产`)).toEqual(['第一', '第二']);
  });
  it('第四一体推进 (stripped) is 第四 before a word with 一; 第四十一 is one number', () => {
    expect(literal('同志们我讲四点第一要加强领导第二要压实责任第三要严格考核第四一体推进各项改革')).toEqual(['第一', '第二', '第三', '第四']);
    expect(literal('同志们今年我县在全市排名第四十一位各单位要努力')).toEqual([]);
  });
});

describe('stripped numbers continue sections by structure, not by distance', () => {
  const long = strip(filler(12));
  it('a heading then a unit charged with 要 continues the sections however far the previous heading lies', () => {
    const text = `同志们我讲三点意见一严打侵财犯罪刑侦大队要牵头${long}二压降电诈发案反诈中心要会同各派出所劝阻${long}三强化巡逻防控巡特警大队要调整勤务`;
    expect(tree(extract(text))).toEqual(['一 二 三']);
  });
  it('points written in Arabic digits continue their digit list, whatever they open with', () => {
    const text = `同志们我提几点要求1要加强领导各单位要抓好2检查中提出的问题应该成为今后努力的方向${long}3春节过了大家要尽快收心`;
    expect(tree(extract(text))).toEqual(['1 2 3']);
  });
  it('must not: numerals inside a section (三保障问题, 三同步要求, 三大板块) are no next heading, near or far', () => {
    const near = '同志们我讲三点意见一关于脱贫攻坚各地要抓好二关于乡村振兴是最难啃的硬骨头三保障问题基本解决了';
    expect(tree(extract(near))).toEqual(['一 二']);
    const far = `同志们我讲三点意见一关于脱贫攻坚${long}二关于乡村振兴${long}要落实三同步要求分为三大板块`;
    expect(tree(extract(far))).toEqual(['一 二']);
  });
});
