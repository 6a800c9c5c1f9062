/**
 * Held-out meeting texts: written for this test from the label conventions of the fixtures README
 * (not copied from the fixtures or the web), in the styles of government/police meeting reports
 * and live speech transcripts. The extractor was never tuned on them before they were written.
 * Each case states the expected output by the label rules. `headline` is a required prefix.
 */

export interface WantItem {
  marker: string;
  headline: string;
  /** Omitted: not asserted. */
  responsible?: string[];
  /** Omitted: not asserted; null: no deadline. */
  deadline?: string | null;
  children?: WantItem[];
}

export interface WantSpeaker {
  name: string | null;
  /** Omitted: not asserted. */
  role?: string | null;
  count: number | null;
  mismatch?: boolean;
  items: WantItem[];
}

export interface HeldoutCase {
  name: string;
  text: string;
  speakers: WantSpeaker[];
  /**
   * False when the punctuation-stripped copy is ambiguous even to a reader (stripped "（三）" is a
   * bare 三 after a nested 1./2./3.): the stripped check is not applied to that text.
   */
  stripped?: boolean;
  /**
   * Speaker names expected in the stripped copy when stripping removes what named them (a
   * transcript's "肖俊：" tag becomes "肖俊同志们…"); default: the punctuated names.
   */
  strippedNames?: Array<string | null>;
}

const i = (marker: string, headline: string, responsible: string[] = [], deadline: string | null = null,
  children?: WantItem[]): WantItem => ({ marker, headline, responsible, deadline, ...(children ? { children } : {}) });

export const HELDOUT: HeldoutCase[] = [
  { name: 'tele-conference report, two speakers, 一是要 and traps inside items',
    text: '10月31日下午，全市公安机关冬季火灾防控工作电视电话会议召开。市公安局党委委员、副局长李振华主持会议，市公安局局长周明远出席会议并讲话。\n周明远指出，冬季是火灾事故易发多发季节，各级公安机关要清醒认识当前面临的严峻形势。他就做好下一步工作提出三点要求：一是要压实防控责任。各分局主要负责同志要亲自研究部署，切实履行第一责任人职责。二是要深化隐患排查。各派出所要对辖区九小场所开展拉网式检查，11月20日前完成第一轮排查。三是要强化应急处置。110指挥中心要确保警情第一时间处置到位。\n李振华在主持时要求，各单位要迅速传达会议精神，一要抓好贯彻落实，二要加强督导检查，市局督察支队要在本月底前完成一轮暗访。',
    speakers: [
      { name: '周明远', role: '市公安局局长', count: 3, mismatch: false, items: [
        i('一是', '要压实防控责任', ['各分局主要负责同志']), i('二是', '要深化隐患排查', ['各派出所'], '11月20日前'),
        i('三是', '要强化应急处置', ['110指挥中心'])] },
      { name: '李振华', role: '市公安局党委委员、副局长', count: null, items: [
        i('一要', '抓好贯彻落实'), i('二要', '加强督导检查', ['市局督察支队'], '本月底前')] }] },
  { name: '会议要求 with 第一 … 第十二 and 排名第一 / 每天 inside',
    text: '会议要求，全市各级各部门要把安全生产摆在突出位置，重点抓好以下工作：第一，落实企业主体责任。第二，开展专项整治。第三，严格执法检查。第四，加强应急演练。第五，强化宣传教育。第六，完善监测预警。第七，做好物资储备。第八，健全值班制度。第九，加强信息报送，各地要在每天17时前报送当日情况。第十，抓好督查督办。第十一，严格考核奖惩，考核结果与年度评先挂钩，安全生产排名第一的县区予以通报表扬。第十二，严肃追究问责，对瞒报谎报的单位依法依规严肃处理。',
    speakers: [{ name: '会议', role: null, count: null, items: [
      i('第一', '落实企业主体责任'), i('第二', '开展专项整治'), i('第三', '严格执法检查'), i('第四', '加强应急演练'),
      i('第五', '强化宣传教育'), i('第六', '完善监测预警'), i('第七', '做好物资储备'), i('第八', '健全值班制度'),
      i('第九', '加强信息报送', ['各地'], null), i('第十', '抓好督查督办'), i('第十一', '严格考核奖惩'), i('第十二', '严肃追究问责')] }] },
  { name: 'live speech, punctuated, 我讲四点意见 with a closing phrase',
    text: '同志们，今天这个会很重要。下面，我就做好今冬明春信访维稳工作讲四点意见。第一，要提高思想认识。信访工作是群众工作，大家务必高度重视。第二，要全力化解积案。各县区要在12月25日前把积案化解情况报县委政法委。第三，要严格落实包案责任，县级领导包案的案件，包案领导要亲自接访。第四，要加强督导问责，对工作不力的，县纪委监委要严肃追究责任。好，我就讲这些。',
    speakers: [{ name: null, count: 4, mismatch: false, items: [
      i('第一', '要提高思想认识', ['大家']), i('第二', '要全力化解积案', ['各县区'], '12月25日前'),
      i('第三', '要严格落实包案责任', ['包案领导']), i('第四', '要加强督导问责', ['县纪委监委'])] }] },
  { name: 'live ASR, no punctuation, stray spaces, a homophone',
    text: '好 大家静一静 下面我讲三点意见 第一是要提高战位 各乡镇要把秸秆禁烧当成当前头等大事来抓 第二是要加强巡查 各村要落实网格员二十四小时巡查 发现火点第一时间处置 第三是要严格追责 县督查室要在本月三十号前对各乡镇进行暗访 对出现火点的乡镇严肃问责 好我就讲这些',
    speakers: [{ name: null, count: 3, mismatch: false, items: [
      i('第一是', '要提高战位', ['各乡镇']), i('第二是', '要加强巡查', ['各村']),
      i('第三是', '要严格追责', ['县督查室'], '本月三十号前')] }] },
  { name: 'agenda 首先由…其次由…最后, then 首先/其次/再次/最后 as requirements',
    text: '会议首先由县委办副主任宣读了表彰决定，其次由受表彰单位代表作了交流发言，最后县委书记王海涛作了讲话。王海涛强调，做好今年防汛工作，首先要克服麻痹思想，各乡镇要立即开展汛前检查；其次要完善预案，县应急局要在5月底前修订完善防汛应急预案；再次要备足物资，县水利局负责储备抢险物资；最后要严明纪律，汛期各级领导干部要24小时保持通讯畅通。',
    speakers: [{ name: '王海涛', role: '县委书记', count: null, items: [
      i('首先', '要克服麻痹思想', ['各乡镇']), i('其次', '要完善预案', ['县应急局'], '5月底前'),
      i('再次', '要备足物资', ['县水利局']), i('最后', '要严明纪律', ['各级领导干部'])] }] },
  { name: 'achievements enumerated, then requirements by the same person',
    text: '张卫东在总结讲话中指出，过去一年全区禁毒工作取得明显成效，主要体现在三个方面：一是打击力度持续加大，二是预防教育深入人心，三是戒毒康复成效明显。张卫东要求，一要保持严打高压态势，区禁毒办要牵头组织集中收戒行动；二要抓好源头治理，各街道、社区要开展易制毒化学品排查；三要深化宣传教育，实现中小学禁毒教育全覆盖。',
    speakers: [{ name: '张卫东', role: null, count: null, items: [
      i('一要', '保持严打高压态势', ['区禁毒办']), i('二要', '抓好源头治理', ['各街道、社区']), i('三要', '深化宣传教育')] }] },
  { name: '（一） with nested 1./2./3., announced five, found four',
    stripped: false,
    text: '市委常委、政法委书记刘建国在讲话中提出五点要求。\n（一）坚持党的绝对领导。各级政法机关要严格执行重大事项请示报告制度。\n（二）全力维护社会稳定。重点抓好以下工作：1.深入开展矛盾纠纷排查化解，各县（市、区）要建立工作台账；2.严厉打击违法犯罪，市公安局要在12月31日前完成专项行动；3.加强网络舆情管控。\n（三）持续深化平安建设。\n（四）加强政法队伍建设，坚持从严管党治警，严格落实“三严三实”要求，推动政法队伍教育整顿常态化长效化。',
    speakers: [{ name: '刘建国', role: '市委常委、政法委书记', count: 5, mismatch: true, items: [
      i('（一）', '坚持党的绝对领导', ['各级政法机关']),
      i('（二）', '全力维护社会稳定', [], null, [
        i('1.', '深入开展矛盾纠纷排查化解', ['各县（市、区）']), i('2.', '严厉打击违法犯罪', ['市公安局'], '12月31日前'),
        i('3.', '加强网络舆情管控')]),
      i('（三）', '持续深化平安建设'), i('（四）', '加强政法队伍建设')] }] },
  { name: 'mixed 1、/2、/3） with census, school and district-name traps',
    text: '11月1日，二七区第七次全国人口普查工作推进会在区第二中学校召开。区长赵敏出席会议并提出具体要求：\n1、提高思想认识。各街道要把人口普查作为当前的重要政治任务。\n2、加强入户登记。普查员要严格按照普查方案入户登记，做到不重不漏。\n3）严格数据质量。区统计局要在11月15日前完成数据审核。',
    speakers: [{ name: '赵敏', role: '区长', count: null, items: [
      i('1、', '提高思想认识', ['各街道']), i('2、', '加强入户登记', ['普查员']),
      i('3）', '严格数据质量', ['区统计局'], '11月15日前')] }] },
  { name: '有一是一、有二是二, 第一要务, 12项措施, 38款问责情形 around a real list',
    text: '县纪委书记孙立平在会上强调，发展是第一要务，安全是底线。全县上下要坚持有一是一、有二是二，实事求是反映问题。今年我县出台了12项措施、明确了38款问责情形。孙立平要求，一是要严格执行12项措施，各乡镇党委要逐条对照落实；二是要精准运用38款问责情形，县纪委监委要加强监督检查；三是要强化结果运用，11月30日前将问责情况报县委。',
    speakers: [{ name: '孙立平', role: '县纪委书记', count: null, items: [
      i('一是', '要严格执行12项措施', ['各乡镇党委']), i('二是', '要精准运用38款问责情形', ['县纪委监委']),
      i('三是', '要强化结果运用', [], '11月30日前')] }] },
  { name: 'two speakers: 三个方面的意见 (found two) and 以下几项工作 with （一）',
    text: '12月2日，全省驻村帮扶工作电视电话会议召开。省委组织部副部长钱志远通报了全省驻村第一书记考核情况。省乡村振兴局局长吴桂芳就做好下一阶段工作讲了三个方面的意见：一是巩固拓展脱贫攻坚成果，各市州要严格落实“四个不摘”要求；二是加强驻村干部管理，各县市区要在12月20日前完成轮换人选调整。省委副书记郑国华在讲话中强调，要做好以下几项工作：（一）压实帮扶责任；（二）强化考核激励；（三）加强作风建设。',
    speakers: [
      { name: '吴桂芳', role: '省乡村振兴局局长', count: 3, mismatch: true, items: [
        i('一是', '巩固拓展脱贫攻坚成果', ['各市州']), i('二是', '加强驻村干部管理', ['各县市区'], '12月20日前')] },
      { name: '郑国华', role: '省委副书记', count: null, items: [
        i('（一）', '压实帮扶责任'), i('（二）', '强化考核激励'), i('（三）', '加强作风建设')] }] },
  { name: 'narrative 首先…随后…最后 and unnumbered 要…要… (no list)',
    text: '11月5日上午，市消防救援支队召开冬季消防安全工作部署会。会上，支队长陈刚首先传达了上级会议精神，随后通报了近期全市火灾形势，最后对冬季火灾防控工作进行了安排部署。陈刚强调，要紧盯重点场所，要强化隐患整改，要加强宣传培训，确保全市火灾形势平稳。“4·30某市仓库火灾”的教训必须深刻汲取。',
    speakers: [] },
  { name: 'ASR: host introduces the speaker, 我提三点要求, no punctuation',
    text: '下面请市政府副市长林晓峰讲话 同志们 关于做好春运安全工作我提三点要求一是要强化道路交通安全管理各县区交警大队要加强重点路段巡逻管控二是要加强客运站点安全检查市交通运输局要在1月10日前完成全面检查三是要做好恶劣天气应对工作市气象局要及时发布预警信息谢谢大家',
    // Round 3: a first-person speech belongs to the person the host introduced right before it.
    speakers: [{ name: '林晓峰', role: '市政府副市长', count: 3, mismatch: false, items: [
      i('一是', '要强化道路交通安全管理', ['各县区交警大队']), i('二是', '要加强客运站点安全检查', ['市交通运输局'], '1月10日前'),
      i('三是', '要做好恶劣天气应对工作', ['市气象局'])] }] },
  { name: 'live speech: announced four, 第一/第二/最后 (three), 第一责任人 and 第一时间 inside',
    text: '同志们，刚才几位同志讲得很好，我都同意。下面我再强调四点。第一，思想上要高度重视。各单位一把手是安全生产第一责任人，要亲自抓、负总责。第二，排查要彻底。安监部门要在本周五之前把排查情况汇总上报。最后，值班要到位。节日期间，各单位要严格执行领导带班制度，遇到突发情况第一时间报告。',
    speakers: [{ name: null, count: 4, mismatch: true, items: [
      i('第一', '思想上要高度重视', ['各单位一把手']), i('第二', '排查要彻底', ['安监部门'], '本周五之前'), i('最后', '值班要到位', ['各单位'])] }] },
  { name: 'agenda list and an announced count with no items (no list)',
    text: '会议共有三项议程：一是传达学习全国安全生产电视电话会议精神；二是通报第三季度全县安全生产形势；三是县长杨明讲话。杨明在讲话中对做好第四季度工作提出了五点要求，并要求各乡镇、各部门抓好贯彻落实。',
    speakers: [] },
  { name: '以下几点 with 一要, 第二批 and 第七会议室 outside the list',
    text: '在第二批主题教育动员会上，县委副书记马志强就开展好主题教育强调以下几点：一要提高认识，深刻把握主题教育的重大意义；二要突出重点，把学习贯彻贯穿始终；三要注重实效，各级党组织要在1月15日前完成专题民主生活会。会后，与会人员在第七会议室观看了警示教育片。',
    speakers: [{ name: '马志强', role: '县委副书记', count: null, items: [
      i('一要', '提高认识'), i('二要', '突出重点'), i('三要', '注重实效', ['各级党组织'], '1月15日前')] }] },
  { name: '(1)/(2) with a date and clock time, 两点建议',
    text: '支队政委黄伟在点评时提了两点建议：(1)加强夜间巡逻，各大队要在10月31日下午6点前调整勤务安排；(2)规范执法记录，法制科负责每周抽查。',
    speakers: [{ name: '黄伟', role: '支队政委', count: 2, mismatch: false, items: [
      i('(1)', '加强夜间巡逻', ['各大队'], '10月31日下午6点前'), i('(2)', '规范执法记录', ['法制科'], null)] }] },
  { name: 'ASR: 会议要求 一是/二是/三是 with 第一书记 as a subject',
    text: '会议要求一是各驻村第一书记要切实履行帮扶职责二是各乡镇要在本月底前完成驻村干部考核三是县委组织部要加强督导检查',
    speakers: [{ name: '会议', role: null, count: null, items: [
      i('一是', '各驻村第一书记要切实履行帮扶职责', ['各驻村第一书记']), i('二是', '各乡镇要在本月底前完成', ['各乡镇'], '本月底前'),
      i('三是', '县委组织部要加强督导检查', ['县委组织部'])] }] },
  { name: 'nested 第一 → 一是/二是 after an assessment with 排名第一, 第三方 inside',
    text: '市长刘红梅指出，今年以来全市招商引资工作成绩来之不易，我市在全省考核中排名第一。她强调，下一步要重点做好三个方面工作。第一，优化营商环境。一是要深化“放管服”改革，市政务服务中心要在年底前实现高频事项“一网通办”；二是要引入第三方评估，市发改委负责牵头组织。第二，狠抓项目落地，各县区要建立重点项目台账，实行挂图作战。第三，强化要素保障，市自然资源局要优先保障重点项目用地。',
    speakers: [{ name: '刘红梅', role: '市长', count: 3, mismatch: false, items: [
      i('第一', '优化营商环境', [], null, [
        i('一是', '要深化“放管服”改革', ['市政务服务中心'], '年底前'), i('二是', '要引入第三方评估', ['市发改委'])]),
      i('第二', '狠抓项目落地', ['各县区']), i('第三', '强化要素保障', ['市自然资源局'])] }] },
  { name: 'title lines 一、/二、/三、 with the explanation in the next paragraph',
    text: '县政府副县长朱晓光就做好森林防火工作提出三点意见。\n一、提高政治站位\n各乡镇、各部门要充分认识森林防火工作的极端重要性。\n二、强化火源管控\n各林区检查站要严格落实进山登记制度，清明节前完成一轮全面排查。\n三、加强队伍建设\n县林业局要在3月15日前组织一次扑火实战演练。',
    speakers: [{ name: '朱晓光', role: '县政府副县长', count: 3, mismatch: false, items: [
      i('一、', '提高政治站位', ['各乡镇、各部门']), i('二、', '强化火源管控', ['各林区检查站'], '清明节前'),
      i('三、', '加强队伍建设', ['县林业局'], '3月15日前')] }] },
  { name: 'situation review 指出…形势平稳，一是…下降 is no list',
    text: '县公安局局长郭建军指出，今年以来全县社会治安形势持续向好，一是八类严重暴力案件同比下降两成，二是群众安全感满意度稳步提升。郭建军要求，各派出所要巩固成果，不能松劲。',
    speakers: [] },
  // Second batch: written after the first batch was fixed, scored before any further change.
  { name: '四点要求 with 6个方面18项具体任务 in the lead-in and 一把手/第一责任人 as subject',
    text: '11月8日，市公安局召开全市公安机关“百日攻坚”行动部署会，会议印发了《行动方案》，明确了6个方面18项具体任务。市公安局副局长韩立军就抓好方案落实提出四点要求：一是统一思想认识，各单位一把手作为第一责任人要亲自挂帅；二是突出打击重点，刑侦支队要牵头侦办一批大要案件；三是强化督导考核，市局将实行每周一通报、每月一排名；四是严肃工作纪律，对行动中敷衍塞责的单位和个人，市局纪委要严肃追责问责。',
    speakers: [{ name: '韩立军', role: '市公安局副局长', count: 4, mismatch: false, items: [
      i('一是', '统一思想认识', ['各单位一把手']), i('二是', '突出打击重点', ['刑侦支队']),
      i('三是', '强化督导考核', [], null), i('四是', '严肃工作纪律', ['市局纪委'])] }] },
  { name: '首先 as thanks, then 几点意见 with 首先/其次/再次/最后',
    text: '首先，我代表县委、县政府，向奋战在一线的同志们表示衷心的感谢！下面，我讲几点意见。首先，要把思想统一起来。其次，要把责任压下去，各乡镇党委书记要亲自抓。再次，要把问题解决好，县信访局要在12月底前完成积案清零。最后，要把作风转过来。',
    speakers: [{ name: null, count: null, items: [
      i('首先', '要把思想统一起来'), i('其次', '要把责任压下去', ['各乡镇党委书记']),
      i('再次', '要把问题解决好', ['县信访局'], '12月底前'), i('最后', '要把作风转过来')] }] },
  { name: '三点要求 announced, four 一要 given',
    text: '市教育局局长宋雅琴在全市校园安全工作会议上提出三点要求：一要筑牢安全防线，各学校校长是校园安全第一责任人；二要开展隐患排查，各县区教育局要在9月20日前完成排查；三要加强应急演练，每学期至少组织两次疏散演练；四要强化家校共育。',
    speakers: [{ name: '宋雅琴', role: '市教育局局长', count: 3, mismatch: true, items: [
      i('一要', '筑牢安全防线', []), i('二要', '开展隐患排查', ['各县区教育局'], '9月20日前'),
      i('三要', '加强应急演练', [], null), i('四要', '强化家校共育')] }] },
  { name: '最后 introduces the speaker, 他要求 then 第一/第二/第三 with subjects first',
    text: '全县冬季森林防火工作会议12月1日召开。副县长何俊主持会议。县林业局局长郝建平通报了今年以来全县森林防火工作情况。最后，县委常委、常务副县长彭志刚作了讲话，他要求：第一，各乡镇要严格落实野外用火审批制度；第二，县应急管理局要在12月10日前完成扑火物资检查；第三，各护林员要加强日常巡护。',
    speakers: [{ name: '彭志刚', role: '县委常委、常务副县长', count: null, items: [
      i('第一', '各乡镇要严格落实野外用火审批制度', ['各乡镇']),
      i('第二', '县应急管理局要在12月10日前完成扑火物资检查', ['县应急管理局'], '12月10日前'),
      i('第三', '各护林员要加强日常巡护', ['各护林员'])] }] },
  { name: 'ASR: 我强调两点 with 第一点/第二点',
    text: '那么关于下一步工作我强调两点第一点要抓好疫情防控各社区要严格落实出入登记第二点要保障群众生活市商务局负责保障生活物资供应好就这些',
    speakers: [{ name: null, count: 2, mismatch: false, items: [
      i('第一点', '要抓好疫情防控', ['各社区']), i('第二点', '要保障群众生活', ['市商务局'])] }] },
  { name: 'place, session, slogan, date and prize traps with an unnumbered 要…要… (no list)',
    text: '3月12日，区城管局在二七广场召开第11次市容整治推进会。会议传达了党的十九届一中、二中、三中全会精神，通报了“3·08”违规占道经营事件的处理情况，并对获得一、二、三等奖的街道进行了表彰。会议强调，要持续推进“三无一规范一眼净”创建工作，要加大执法力度，要落实门前三包责任。',
    speakers: [] },
  { name: '（一） titles with 一是/二是 nested in （二）',
    text: '市卫健委主任邓丽华就做好冬春季传染病防控工作讲了三点意见。\n（一）压实防控责任。各区县卫健部门要落实属地责任，医疗机构主要负责人要亲自抓。\n（二）做好监测预警。一是各哨点医院要每日报送监测数据；二是市疾控中心要在11月底前完成实验室检测能力评估。\n（三）加强宣传引导。市卫健委宣传处负责做好健康科普。',
    speakers: [{ name: '邓丽华', role: '市卫健委主任', count: 3, mismatch: false, items: [
      i('（一）', '压实防控责任', ['各区县卫健部门', '医疗机构主要负责人']),
      i('（二）', '做好监测预警', [], null, [
        i('一是', '各哨点医院要每日报送监测数据', ['各哨点医院'], null),
        i('二是', '市疾控中心要在11月底前完成', ['市疾控中心'], '11月底前')]),
      i('（三）', '加强宣传引导', ['市卫健委宣传处'])] }] },
  { name: '1./2./3. with 3个方面要求, 第一次 inside, a monthly limit and a year-end date',
    text: '区政府办公室主任冯涛提出3个方面要求：1.提高认识。这是全区第一次开展此类专项行动，各部门务必高度重视。2.加强协作。区市场监管局牵头，区商务局、区公安分局配合。3.按时报送。各街道于每月5日前报送工作进展，年度总结于12月25日前报区政府办公室。',
    speakers: [{ name: '冯涛', role: '区政府办公室主任', count: 3, mismatch: false, items: [
      i('1.', '提高认识', ['各部门']), i('2.', '加强协作', ['区市场监管局']), i('3.', '按时报送', [], '12月25日前')] }] },
  { name: 'ASR: 下月十五日前 and a unit subject right after the headline',
    text: '下面我就防汛备汛工作讲两点意见第一要抓好隐患排查县水利局要牵头组织拉网式排查下月十五日前全部整改到位第二要落实值班值守各乡镇街道要严格执行二十四小时值班制度好我就讲这些',
    speakers: [{ name: null, count: 2, mismatch: false, items: [
      i('第一', '要抓好隐患排查', ['县水利局'], '下月十五日前'), i('第二', '要落实值班值守', ['各乡镇街道'], null)] }] },
  { name: 'units with parenthesised sub-kinds: 各乡镇（街道）',
    text: '会议要求：一是各乡镇（街道）要在月底前完成自查；二是县住建局要加强督导。',
    speakers: [{ name: '会议', role: null, count: null, items: [
      i('一是', '各乡镇（街道）要在月底前完成自查', ['各乡镇（街道）'], '月底前'), i('二是', '县住建局要加强督导', ['县住建局'])] }] },
  // Third batch: written after the second was fixed, scored before any further change.
  { name: 'live speech: 两个方面 with 一是要/二是要 nested (assessment words inside a requirement)',
    text: '各位同志，下面我就做好明年工作讲两个方面的意见。第一个方面，要认清形势。一是要看到成绩，二是要正视问题。第二个方面，要突出重点。各县区公安局要在1月底前制定工作方案。',
    speakers: [{ name: null, count: 2, mismatch: false, items: [
      i('第一个方面', '要认清形势', [], null, [i('一是', '要看到成绩'), i('二是', '要正视问题')]),
      i('第二个方面', '要突出重点', ['各县区公安局'], '1月底前')] }] },
  { name: 'NAME+ROLE 提了三点意见 with 1、/2、/3、 and subjects first',
    text: '在听取各单位汇报后，钟建明副局长提了三点意见：1、各分局要把矛盾纠纷排查作为当前首要任务；2、治安支队负责每周汇总一次排查情况；3、全体民警要严守工作纪律，春节前不得擅自离岗。',
    speakers: [{ name: '钟建明', role: '副局长', count: 3, mismatch: false, items: [
      i('1、', '各分局要把矛盾纠纷排查作为当前首要任务', ['各分局']), i('2、', '治安支队负责每周汇总一次排查情况', ['治安支队'], null),
      i('3、', '全体民警要严守工作纪律', ['全体民警'], '春节前')] }] },
  { name: 'characteristics 呈现三个特点 (no list)',
    text: '王建军指出，今年全市电信诈骗案件呈现出三个特点：一是作案手段不断翻新，二是受害群体趋于年轻化，三是资金转移速度加快。对此，公安机关第一时间成立了专案组。',
    speakers: [] },
  { name: 'ASR in traditional characters with spaces: 我簡單講兩點',
    text: '我簡單講兩點 一是 要把安全責任落實到人 各單位主要領導要親自抓 二是要加強值班 值班人員要堅守崗位 謝謝大家',
    speakers: [{ name: null, count: 2, mismatch: false, items: [
      i('一是', '要把安全責任落實到人', ['各單位主要領導']), i('二是', '要加強值班', ['值班人員'])] }] },
  { name: 'two 会议 lists: 会议强调 （一）/（二） then 会议要求 一要/二要',
    // Stripped, （一）要加强… reads 一要加强…: a different (equally valid) marker.
    stripped: false,
    text: '会议强调，各级党组织要切实履行主体责任。（一）要加强组织领导；（二）要强化监督检查。\n会议要求，一要严格落实请示报告制度；二要认真做好信息报送，县委办要在每周五下午5点前汇总。',
    speakers: [
      { name: '会议', role: null, count: null, items: [i('（一）', '要加强组织领导'), i('（二）', '要强化监督检查')] },
      { name: '会议', role: null, count: null, items: [i('一要', '严格落实请示报告制度'), i('二要', '认真做好信息报送', ['县委办'], null)] }] },
  // Fourth batch: written after the third was fixed, scored before any further change.
  { name: '第一是/第二是/第三是 with addressees in the lead-in',
    text: '县长罗志刚要求各乡镇、各部门：第一是要抓好春耕生产，县农业农村局要在3月底前完成农资储备检查；第二是要抓好森林防火，各护林员必须24小时在岗；第三是要抓好安全生产，坚决遏制重特大事故发生。',
    speakers: [{ name: '罗志刚', role: '县长', count: null, items: [
      i('第一是', '要抓好春耕生产', ['县农业农村局'], '3月底前'), i('第二是', '要抓好森林防火', ['各护林员'], null),
      i('第三是', '要抓好安全生产', [])] }] },
  { name: '一、 with （一）/（二） nested, 作了部署',
    // Stripped, 一…（一）…（二）…二 become 一 一 二 二: ambiguous to a reader too.
    stripped: false,
    text: '市政府副秘书长田家豪在会上就下一步工作作了部署。一、抓好问题整改。（一）各县区要对照问题清单逐项整改；（二）市住建局要在6月30日前完成复查。二、建立长效机制。市城管局负责制定长效管理办法。',
    speakers: [{ name: '田家豪', role: '市政府副秘书长', count: null, items: [
      i('一、', '抓好问题整改', [], null, [
        i('（一）', '各县区要对照问题清单逐项整改', ['各县区']), i('（二）', '市住建局要在6月30日前完成复查', ['市住建局'], '6月30日前')]),
      i('二、', '建立长效机制', ['市城管局'])] }] },
  { name: 'slogans 四个意识/两个维护/十四五 before 三件事',
    text: '区委书记谭晓东强调，全区党员干部要增强“四个意识”、做到“两个维护”，围绕“十四五”规划目标，重点抓好三件事：一是抓项目，二是抓招商，三是抓民生。',
    speakers: [{ name: '谭晓东', role: '区委书记', count: 3, mismatch: false, items: [
      i('一是', '抓项目'), i('二是', '抓招商'), i('三是', '抓民生')] }] },
  { name: 'ASR: 首先/第二/第三 mixed with 第一位 inside',
    text: '好的 那么下面我讲三点 首先要把安全放在第一位 各单位要逐级签订责任书 第二要把隐患消除在萌芽状态 第三要把值班制度落到实处 节假日期间带班领导要在岗在位 我就讲这么多',
    speakers: [{ name: null, count: 3, mismatch: false, items: [
      i('首先', '要把安全放在第一位', ['各单位']), i('第二', '要把隐患消除在萌芽状态', []),
      i('第三', '要把值班制度落到实处', ['带班领导'])] }] },
  { name: '做法 and 不足 enumerated (no list)',
    text: '近年来，该县在基层治理方面积累了一些好的做法：一是推行网格化管理，二是建立矛盾纠纷多元化解机制。同时也存在一些不足，一是基层力量薄弱，二是信息化水平不高。',
    speakers: [] },
  { name: '会议要求： 1./2./3. then 会议还通报 with 第一名',
    // (Without the opening sentence the stripped copy fails: see Known limits, text start.)
    text: '4月28日，全县防汛工作会议召开。会议要求：1.各成员单位要按照职责分工抓好落实；2.县防汛办要在汛前组织一次综合演练；3.各乡镇要在5月20日前完成转移避险预案修订。会议还通报了2023年度防汛工作考核结果，二七社区获得第一名。',
    speakers: [{ name: '会议', role: null, count: null, items: [
      i('1.', '各成员单位要按照职责分工抓好落实', ['各成员单位']), { marker: '2.', headline: '县防汛办要在汛前组织', responsible: ['县防汛办'] },
      i('3.', '各乡镇要在5月20日前完成', ['各乡镇'], '5月20日前')] }] },
];
