import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';

const SEED_1_LEAD = '会上,省公安厅副厅长、市政府副市长、公安局长王国强同志对全市公安机关扎实有序推进“两为整治”工作提出了七点明确要求。\n\n';

const LIVE_SPEECH = '下面，我就推进两为整治工作讲七点要求。第一，要精心组织部署。各单位要抓好宣传发动工作。'
  + '各分县局要制定本单位的方案，逐层逐级发到各个基层单位。第二，要走访听取意见。到十月三十号，这项工作就要全部完成。'
  + '第三，要真抓实改问题。第四，要加强队伍管理。第五，要形成宣传声势。市局宣传部门要加强与各分县局的联系。'
  + '第六，要组织民警参与。纪委要抓紧研究相关办法。第七，要严肃追究问责。下周，我们要开始对相关单位领导进行约谈。好，我就讲这些。';

describe('lead-in: speaker, role, announced count', () => {
  it('role before name, count 七点要求 → 7', () => {
    const s = extract(`${SEED_1_LEAD}第一,要精心组织部署。\n\n第二,要走访听取意见。`).speakers[0];
    expect(s).toMatchObject({ name: '王国强', role: '省公安厅副厅长、市政府副市长、公安局长', announced_count: 7, count_mismatch: true });
  });
  it('name before role, 三点意见 → 3', () => {
    const s = extract('最后,吁小平常务副局长就如何贯彻落实会议精神提了三点意见: 一是要传达会议精神。二是要细化分解工作。三是要抓好自查整改。').speakers[0];
    expect(s).toMatchObject({ name: '吁小平', role: '常务副局长', announced_count: 3, count_mismatch: false });
  });
  it('surname + title as the name', () => {
    const s = extract('最后高院长强调:1、加强管理。2、大家要积极整改。').speakers[0];
    expect(s).toMatchObject({ name: '高院长', role: '院长', announced_count: null });
  });
  it('bare name gets its role from an earlier mention', () => {
    const s = extract('省长助理、省公安厅党委书记、厅长杨嘉武出席会议并讲话。\n杨嘉武要求,一要落实工作责任。二要强化督导检查。').speakers[0];
    expect(s).toMatchObject({ name: '杨嘉武', role: '省长助理、省公安厅党委书记、厅长' });
  });
  it('会议要求 → speaker 会议 with no role', () => {
    expect(extract('会议要求：第一，要提高认识。第二，要加强领导。').speakers[0]).toMatchObject({ name: '会议', role: null });
  });
  it('四个方面 → 4, 以下几点 → null', () => {
    expect(extract('张局长提出四个方面的要求：一是加强领导；二是落实责任；三是强化督查；四是严格考核。').speakers[0]?.announced_count).toBe(4);
    expect(extract('王局长强调以下几点：一是加强值守；二是及时报告。').speakers[0]?.announced_count).toBeNull();
  });
  it('count_mismatch when fewer items than announced', () => {
    const s = extract('张局长提出四个方面的要求：一是加强领导；二是落实责任；三是强化督查。').speakers[0];
    expect(s).toMatchObject({ announced_count: 4, count_mismatch: true });
  });
  it('the count nearest the list wins (十五条意见 … 三点意见)', () => {
    const s = extract('李劲松回答了代表提出的十五条意见和建议,最后提出了三点意见,一是要统一思想;二是要开拓创新;三是要围绕大局。').speakers[0];
    expect(s?.announced_count).toBe(3);
  });
  it('quoted counts are slogans, not the announced count', () => {
    const s = extract('会议传达了省厅“六个方面18项具体任务”，要求：一是加强领导；二是落实责任。').speakers[0];
    expect(s?.announced_count).toBeNull();
  });
  it('first-person lead-in uses defaultSpeaker, or null', () => {
    expect(extract('我讲三点意见。第一，要提高认识。第二，要加强领导。第三，要狠抓落实。', { defaultSpeaker: { name: '王国强', role: '局长' } })
      .speakers[0]).toMatchObject({ name: '王国强', role: '局长', announced_count: 3 });
    expect(extract('我讲三点意见。第一，要提高认识。第二，要加强领导。').speakers[0]).toMatchObject({ name: null, role: null });
  });
  it('a speaker who announces a count but lists nothing gets no entry', () => {
    expect(extract('李伟义提出了五点要求，希望大家认真落实。').speakers).toEqual([]);
  });
});

describe('live meeting speech (ASR transcript of the seven-point speech)', () => {
  const r = extract(LIVE_SPEECH, { defaultSpeaker: { name: '王国强', role: '局长' } });
  const s = r.speakers[0];
  it('is one list of 7 with the announced count', () => {
    expect(r.speakers).toHaveLength(1);
    expect(s).toMatchObject({ name: '王国强', announced_count: 7, count_mismatch: false });
    expect(s?.items.map((i) => i.headline)).toEqual(['要精心组织部署', '要走访听取意见', '要真抓实改问题', '要加强队伍管理',
      '要形成宣传声势', '要组织民警参与', '要严肃追究问责']);
  });
  it('finds deadlines and responsible units', () => {
    expect(s?.items.map((i) => i.deadline)).toEqual([null, '十月三十号', null, null, null, null, '下周']);
    expect(s?.items[0]?.responsible).toEqual(['各单位', '各分县局']);
    expect(s?.items[4]?.responsible).toEqual(['市局宣传部门']);
    expect(s?.items[5]?.responsible).toEqual(['纪委']);
  });
  it('the closing phrase ends the last item', () => {
    expect(s?.items[6]?.text).toBe('要严肃追究问责。下周，我们要开始对相关单位领导进行约谈。');
  });
  it('spans point into the text', () => {
    const item = s?.items[1];
    expect(item && LIVE_SPEECH.slice(item.span[0], item.span[0] + 2)).toBe('第二');
    expect(item && LIVE_SPEECH.slice(s.span[0], s.span[1])).toBe('下面，我就推进两为整治工作讲七点要求。');
  });
});

describe('deadlines', () => {
  const cases: Array<[string, string | null]> = [
    ['一是各派出所要在9月20日前完成排查；', '9月20日前'],
    ['一是到10月30号这项工作就要全部完成；', '10月30号'],
    ['一是到十月三十号全部完成；', '十月三十号'],
    ['一是治安大队要在本周六前上报情况；', '本周六前'],
    ['一是各单位要在年底前全面完成整改；', '年底前'],
    ['一是全体民警明天上午8:00到岗；', '明天上午8:00'],
    ['一是下周，我们要开始约谈；', '下周'],
    ['一是各单位要立即行动；', null],
    ['一是要尽快完成；', null],
    ['一是要每天报告；', null],
    ['一是3月2日8时至3月16日18时实行管控；', null],
    ['一是要把今天的会议精神传达到位；', null],
    ['一是各单位要在国庆节前完成自查；', '国庆节前'],
    ['一是发现问题要在24小时内上报；', '24小时内'],
    ['一是民警要24小时在岗在位；', null],
  ];
  for (const [item, want] of cases) {
    it(`${item} → ${want}`, () => {
      const r = extract(`会议要求：${item}二是要加强领导。`);
      expect(r.speakers[0]?.items[0]?.deadline).toBe(want);
    });
  }
});

describe('responsible units', () => {
  const cases: Array<[string, string[]]> = [
    ['要精心组织部署。各单位要精心组织。各分县局要制定方案。', ['各单位', '各分县局']],
    ['要走访。回去以后各单位要立即进行部署，相关公安机关领导要主动对接。', ['各单位', '相关公安机关领导']],
    ['要组织民警参与。纪委要抓紧研究，各单位的主要领导也要亲自研究。', ['纪委', '各单位的主要领导']],
    ['要落实工作责任。各地、各警种、部门要积极行动。', ['各地、各警种、部门']],
    ['要尽快收心，大家要振作精神。', ['大家']],
    ['要严肃问责。我们要开始约谈，对承诺事项要全面落实。', []],
    ['要注意保密，教育普查机构尤其是广大一线普查工作人员,要履行好保密义务。', []],
    ['要加强对民警的教育管理，110出警要快速及时。', []],
  ];
  for (const [item, want] of cases) {
    it(item, () => {
      const r = extract(`会议要求：一是${item}\n二是要加强领导。`);
      expect(r.speakers[0]?.items[0]?.responsible).toEqual(want);
    });
  }
});

describe('headline rule', () => {
  it('first sentence; a long single sentence is cut at its first comma', () => {
    const r = extract('会议要求:一是要高度重视安全生产,立即传达全市安全生产委员会(扩大)会议精神;二是要狠抓落实,严格检查,取得实效;三是要强化沟通。');
    expect(r.speakers[0]?.items.map((i) => i.headline)).toEqual(['要高度重视安全生产', '要狠抓落实,严格检查,取得实效', '要强化沟通']);
  });
  it('a colon between digits does not end the headline', () => {
    const r = extract('会议要求:一是明天上午8:00前全员到岗;二是要加强领导。');
    expect(r.speakers[0]?.items[0]?.headline).toBe('明天上午8:00前全员到岗');
  });
});

describe('ASR-like input', () => {
  const strip = (s: string): string => s.replace(/[\p{P}\s]/gu, '');
  it('no punctuation at all', () => {
    const s = extract(strip(LIVE_SPEECH)).speakers[0];
    expect(s?.announced_count).toBe(7);
    expect(s?.items.map((i) => i.marker)).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
    expect(s?.items[0]?.headline.startsWith('要精心组织部署')).toBe(true);
    expect(s?.items[1]?.deadline).toBe('十月三十号');
    expect(s?.items[0]?.responsible).toContain('各单位');
  });
  it('bare numerals after a counted lead-in (stripped 一、/(一)/1、)', () => {
    const s = extract('接着就开展警民相约警务室活动提出三点一加强领导各片区责任负责人要亲抓各项任务二深入群众要把群众请进警务室三广泛宣传在辖区主要道路挂横幅').speakers[0];
    expect(s?.items.map((i) => i.marker)).toEqual(['一', '二', '三']);
  });
  it('stray spaces inside markers and words', () => {
    const s = extract('张局长要求 第 一 ，要提高 认识。第二 ，要落实 责任。').speakers[0];
    expect(s?.items.map((i) => i.marker)).toEqual(['第 一', '第二']);
    expect(s?.items[0]?.headline).toBe('要提高 认识');
  });
  it('a wrong character here and there does not break the list', () => {
    const s = extract('下面我讲三点意见第一要提高认识各单位要高度重视第二要落食责任第三要加强都查').speakers[0];
    expect(s?.items.map((i) => i.ordinal)).toEqual([1, 2, 3]);
  });
  it('traditional characters from the recogniser are understood and kept as written', () => {
    const s = extract('下面，我講三點意見。第一，要真抓實改問題。各單位要抓好落實。第二，要加強隊伍管理。到十月三十號完成。').speakers[0];
    expect(s?.announced_count).toBe(3);
    expect(s?.items.map((i) => i.headline)).toEqual(['要真抓實改問題', '要加強隊伍管理']);
    expect(s?.items[0]?.responsible).toEqual(['各單位']);
    expect(s?.items[1]?.deadline).toBe('十月三十號');
  });
  it('one garbled marker (二是 heard as 耳食) does not lose the list', () => {
    const s = extract('会议要求：一是要提高认识；耳食要加强领导；三是要狠抓落实；四是要严格考核。').speakers[0];
    expect(s?.items.map((i) => i.marker)).toEqual(['一是', '三是', '四是']);
  });
  it('二是 heard as 而是 at a sentence start is the second point', () => {
    const s = extract('会议要求：一是要提高认识；而是要加强领导；三是要狠抓落实；四是要严格考核。').speakers[0];
    expect(s?.items.map((i) => i.marker)).toEqual(['一是', '而是', '三是', '四是']);
  });
});
