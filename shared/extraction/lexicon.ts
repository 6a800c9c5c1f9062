/**
 * Word lists the rules rely on. Kept in one place so reviewers can see (and extend) the
 * vocabulary without reading the rule code.
 */

/** True when `ch` is one of the characters of `set` (false for undefined or empty, unlike includes). */
export function has(set: string, ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && set.includes(ch);
}

/**
 * A pause of the speaker (the end of a recognised segment), written into the normalised text as
 * this one character: a soft sentence end for unpunctuated ASR text. It is no punctuation for the
 * "is this text punctuated" test, and it never appears in an output string. A private-use code
 * point, so no real transcript character can be mistaken for it.
 */
export const SOFT_END = '\uE000';

/** Separators that may follow a marker (normalised text: full-width already folded). */
export const MARKER_SEPARATORS = `,、:.;${SOFT_END}`;

/** Sentence terminators (normalised); a pause is one. */
export const SENTENCE_END = `。;!?\n${SOFT_END}`;

/** Any punctuation that marks a clause edge (normalised). */
export const CLAUSE_PUNCT = `,。;!?:、\n“”"《》()【】…—${SOFT_END}`;

/** Punctuation whose presence means the local text is punctuated (not raw ASR). */
export const DENSITY_PUNCT = ',。;:、!?';

/**
 * Words that typically open a requirement clause right after a marker ("第一要…", "首先必须…").
 * Used when no separator follows the marker (ASR output, or 第二是 style).
 */
export const REQ_OPENERS = [
  '要', '是', '必须', '务必', '应', '坚持', '加强', '抓好', '抓实', '抓紧', '强化', '推进', '推动', '做好',
  '切实', '进一步', '提高', '提升', '严格', '全面', '深化', '深入', '落实', '建立', '健全', '完善', '注重',
  '把', '树立', '突出', '聚焦', '狠抓', '扎实', '积极', '认真', '高度', '明确', '统一', '增强', '规范',
  '加大', '加快', '确保', '坚决', '持续', '着力', '紧盯', '紧扣', '围绕', '牢固', '广泛', '精心', '大力',
  '主动', '勇于', '敢于', '善于', '始终', '希望', '请', '各', '全体', '大家', '努力', '不断', '以', '在',
  '从', '对', '重点', '集中', '压实', '筑牢', '守住', '营造', '形成', '构建', '发挥', '注意',
];

/** What may follow 第N when it is NOT a marker (第一次, 第一书记, 第二批 …). */
export const DI_TRAP_NEXT = [
  '次', '批', '届', '书记', '责任', '位', '道', '课', '医院', '中', '小', '高', '会', '季', '名', '个', '天',
  '年', '轮', '期', '阶段', '时间', '线', '手', '部', '章', '节', '条', '款', '项', '号', '集', '场', '站',
  '代', '任', '步', '梯', '层', '级', '类', '种', '例', '家', '产', '生产力', '要务', '要素', '要件', '要点',
  '人', '大', '把', '者', '关', '印象', '桶金', '现场', '时', '回', '声', '周', '月', '日', '版', '排',
  '组', '队', '板块', '方阵', '梯队', '要义', '标准', '动力', '资源', '选择', '目标', '方', '序列', '环', '单元', '棒',
  '波', '篇', '段', '页', '幕', '档', '等', '圈', '世界', '课堂', '区', '分', '支', '党', '工', '村', '街', '镇', '乡', '百', '千', '万',
];

/** Characters before 第N that make it a ranking/slogan, not a marker (安全第一, 排名第一). */
export const DI_TRAP_PREV = '名列居是为获得夺争了的全国省市县区和与最倒在占';

/** Characters before 一 that form a word with it (统一, 唯一, 之一 …): then 一是/一要 is no marker. */
export const YI_WORD_PREV = '统唯同万之单合归专划不某每任逐初独择否第有说这那哪其一进另';

/** Characters of NUMERAL_WORD_NEXT that form words with 一 only (一切, 一起, 一致, 一直, 一体…). */
export const YI_ONLY_NEXT = '切起同致定直样般旦律再贯并刻系些心手体举流';

/** Classifier-like characters after a bare numeral: 一个, 三项, 两名, 前一阶段 — not markers. */
export const NUMERAL_WORD_NEXT =
  '个项点条名次批届年月日号中线把位种方面些切起同致定直样般旦律再级等份半边道天周季套类层部块人倍成万千百亿元家所户件场轮期岁分秒时篇张只支台辆间栋座处首句段节章环步心手体举流贯并刻系阶';

/** Chinese role cores: a title ends with one of these (局长, 书记, 主任 …). */
export const ROLE_CORES = [
  '常务副局长', '副局长', '副厅长', '副市长', '副县长', '副区长', '副镇长', '副主任', '副书记', '副院长', '副所长',
  '秘书长', '检察长', '董事长', '大队长', '支队长', '中队长', '教导员', '指导员', '总经理', '总书记',
  '局长', '厅长', '市长', '县长', '区长', '镇长', '乡长', '省长', '村长', '部长', '处长', '科长', '所长', '院长',
  '队长', '组长', '校长', '馆长', '站长', '行长', '社长', '庭长', '政委', '书记', '主任', '主席', '委员',
  '经理', '总监', '主管', '干事', '负责人', '主持人', '助理', '司令员', '专员', '巡视员', '调研员',
  '主委', '理事长', '会长', '老师', '警长', '科员',
];

/** True when `s` ends with a role core (王国强局长, 镇党委书记). */
export function endsWithRoleCore(s: string): boolean {
  return ROLE_CORES.some((core) => s.endsWith(core));
}

/** Morphemes a title may start with when it follows a name (吁小平常务副局长, 王公理副主任). */
export const ROLE_STARTS = [
  '常务', '副', '党', '执行', '第一', '分管', '驻', '总', '区委', '市委', '县委', '省委', '镇', '乡', '局',
  ...ROLE_CORES,
];

/** Adverbs/openers stripped from the front of a subject clause (会上, 最后, 随后 …). */
export const SUBJECT_OPENERS = [
  '会议上', '会上', '最后', '随后', '接着', '首先', '其次', '然后', '同时', '另外', '此外', '之后', '会后',
  '并且', '并', '还', '又', '也', '该', '由', '再由', '特别是', '最后由', '紧接着',
];

/** Verbs that mark a clause as someone speaking or acting at the meeting. */
export const SPEECH_VERBS = [
  '要求', '强调', '指出', '提出', '提了', '讲了', '讲话', '表示', '说', '传达', '主持', '安排', '部署',
  '作了', '做了', '做出', '作出', '总结', '宣读', '通报', '介绍', '发言', '出席', '讲', '提', '希望', '明确',
];

/** Common Chinese surnames (single character), used to validate person names. */
export const SURNAMES = new Set(
  ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢' +
    '姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温' +
    '康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍' +
    '涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑' +
    '景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟' +
    '邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹' +
    '井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊母裘亓修邰赫杭况那宿鲜印逯隆' +
    '茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由吁操付').split(''),
);

/** Two-character surnames (欧阳建华, 司马光): such a name has 3–4 characters. */
export const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '慕容', '令狐', '夏侯', '尉迟', '公孙', '长孙', '宇文', '端木',
  '独孤', '南宫', '司徒', '司空', '呼延', '轩辕', '澹台', '申屠', '万俟', '赫连', '钟离', '宗政', '拓跋',
];

/** True when `s` (a candidate name) has a plausible surname for its length. */
export function surnameFits(s: string): boolean {
  if (COMPOUND_SURNAMES.some((c) => s.startsWith(c))) return s.length >= 3 && s.length <= 4;
  return s.length >= 2 && s.length <= 3 && SURNAMES.has(s[0] ?? '');
}

/**
 * Ends of a unit/person phrase that an item can charge (各单位, 市局宣传部门, 纪委, 大家 …). A bare 员
 * is no unit end: responsible.ts accepts only the …员 posts it lists (网格员, 队员).
 */
export const UNIT_SUFFIXES = [
  '单位', '部门', '机关', '分县局', '县局', '分局', '办公室', '办事处', '局', '委', '办', '所', '大队', '支队',
  '中队', '队', '科', '处', '组', '室', '中心', '站', '街道', '乡镇', '镇', '村', '社区', '学校', '医院', '企业',
  '公司', '中小学', '幼儿园', '人员', '干部', '领导', '领导同志', '同志', '民警', '党员', '负责人', '书记', '主任', '班子',
  '成员', '党组织', '党委', '政府', '法院', '检察院', '厅', '院', '支部', '各地', '职工', '代表', '老师', '师生',
  '部', '警种', '单位的主要领导', '主要负责同志', '主要领导', '县区', '市区', '区县', '市州', '地市', '各级', '基层', '一把手', '校长', '机构', '干警', '庭', '股', '总监', '经理', '局长', '所长', '站长', '队长', '院长', '厂长', '组长',
  '内勤', '外勤', '景区', '场所', '防指', '食堂', '辅警', '镇长', '乡长',
];
