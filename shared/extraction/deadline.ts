/**
 * Explicit deadline of an item: a date or time point that limits the action (10月30号, 十月三十号,
 * 9月20日前, 下周, 本周六, 年底前, 明天上午8:00). Vague urgency (立即, 尽快), frequencies (每天) and
 * time windows (3月2日8时至3月16日18时) are not deadlines. Returns normalised [start, end) or null.
 */

const N = '[0-9一二三四五六七八九十〇零两]{1,3}';
const CLOCK = '(?:[0-9]{1,2}:[0-9]{2}|(?<=(?:早上|上午|中午|下午|晚上))[0-9]{3,4}(?![0-9])|[0-9一二三四五六七八九十]{1,3}(?:点|时)(?:半|[0-9一二三四五六七八九十]{1,3}分)?)';
const DAYPART = '(?:早上|上午|中午|下午|晚上|傍晚|凌晨)';
const LIMIT = '(?:前|之前|以前|为止|底前|内)?';

const PATTERNS: RegExp[] = [
  // Day of this/next month: 下月十五日前, 本月三十号.
  new RegExp(`(?:本月|下个?月|次月)${N}(?:日|号)(?:${DAYPART}?${CLOCK})?${LIMIT}`, 'g'),
  // Calendar dates: (年)月日/号, optionally with a time and a limit word.
  new RegExp(`(?:${N}年)?${N}月(?:${N}(?:日|号)|底|中旬|上旬|下旬|末)(?:${DAYPART}?${CLOCK})?${LIMIT}`, 'g'),
  // Days relative to today, only with a time of day or a limit word (明天上午8:00, 今天下班前).
  new RegExp(`(?:今天|明天|后天|今晚|明晚)(?:${DAYPART}?${CLOCK}${LIMIT}|${DAYPART}${LIMIT}|(?:下班)?(?:前|之前|以前|为止))`, 'g'),
  // Relative weeks, months, year end.
  new RegExp(`(?:本周[一二三四五六日天末]?|下周[一二三四五六日天末]?|(?:下|这)个?(?:星期|礼拜)[一二三四五六日天]?|本月底?|这个月底?|下个?月底?|月底|月末|年底|年内|年末|今年底|本季度末?|(?:春节|国庆节?|元旦|中秋节?|端午节?|清明节?|五一|汛期|入汛|主汛期|开学|春运|春耕|麦收|秋收|夏收|开工|复工|上冻|封冻|中考|高考)前|节前)(?:${DAYPART}?${CLOCK}?)${LIMIT}`, 'g'),
  // Half years, only as a limit of a demand (the clause check below): 扫尾工程任务上半年都要完成.
  /(?:今年)?(?:上|下)半年(?:前|内|底前)?/g,
  // Quarters, only with a limit word: 第二季度末前, 三季度前.
  new RegExp(`(?:第?[一二三四1-4]|本|下个?)季度(?:末|底)?(?:前|之前|以前)`, 'g'),
  // Day of month alone with a limit: 15日前.
  new RegExp(`${N}(?:日|号)(?:前|之前|以前)`, 'g'),
  // Durations used as a limit: 三天内, 3个工作日内.
  new RegExp(`${N}(?:个)?(?:工作日|天|日|周|个月|小时)(?:之内|内)`, 'g'),
];

/** Words right after a date that show it is not a limit (since, a start: 从下半年开始 / 9月1日起, past event). */
const NOT_A_LIMIT_NEXT = /^(以来|起|开始|召开|举行|的会议|印发|下发|出台|发布|(至|到|—|-|~)[0-9一二三四五六七八九十今明下本次])/;
/** A date right after another date and 至/到 ends a time window, not a deadline. */
const WINDOW_END_BEFORE = /(日|时|号|点|分)(至|到|—|-|~)$/;
const PAST_BEFORE = /(于|在)$/;

export function findDeadline(t: string, start: number, end: number): [number, number] | null {
  return deadlineIn(t, start, end, start, end);
}

/** Chars after a match start that the deadline rules read (the match and the words after it). */
export const DEADLINE_LOOKAHEAD = 40;

/**
 * The earliest deadline of the item text `[start, end)` that starts in `[from, to)`. A match reads
 * at most `DEADLINE_LOOKAHEAD` chars past its start, so an item can be searched piece by piece.
 */
export function deadlineIn(t: string, start: number, end: number, from: number, to: number): [number, number] | null {
  const text = t.slice(start, end);
  let best: [number, number] | null = null;
  for (const re of PATTERNS) {
    re.lastIndex = Math.max(0, from - start);
    for (let m = re.exec(text); m && m.index < to - start; m = re.exec(text)) {
      const s = m.index;
      const e = s + m[0].length;
      if (m[0].length < 2) continue;
      if (!isLimit(text, s, e, m[0])) continue;
      if (!best || start + s < best[0]) best = [start + s, start + e];
      break;
    }
  }
  return best;
}

/** A calendar date or part of a year with no limit word (1月7日, 2019年底, 上半年): it may be past. */
const CALENDAR = /月|年底|年末|半年/;
/**
 * The rest of the sentence demands something (要…完成): a date in it is a limit. Only the modal 要
 * (要完成, 不要): not 要求 (a report of what was asked), 要好 (比预料的要好), 重要/主要/只要, 要点/要素.
 */
const DEMANDS = /(?<![重主只首纲摘提])要(?![求好点素害务件闻员])|须|务必|完成|截止|届时/;
/** The sentence reports: a past mark, or a figure (上半年国内生产总值下降1.6%). */
const REPORTS = /了|已经|已|(增长|下降|上升|回落|减少)[0-9一二三四五六七八九十]/;
/** Someone's demand reported at that date ("1月22日，党中央果断要求湖北省…"): a speech act before any modal. */
const REPORTED_ACT = /要求|强调|指出|决定|部署|提出|作出|通报/;
/**
 * The speaker's own past act at that date ("1月20日，我专门就…作出指示", "我在2月12日的…会议上提出"):
 * background, whatever the sentence goes on to demand. Not a future act (我将/我要…).
 */
const OWN_ACT_AFTER = /^(,?我(?![^,。;]{0,16}?(将|要|会|准备|拟))[^,。;]{0,16}?(作出|作了|提出|主持|召开|讲话|强调|指出|批示|指示|部署|视察|考察|出席)|的[^,。;]{0,16}?(会议|会|座谈会|讲话)上)/;
const OWN_ACT_BEFORE = /我(在|于)$/;

/** A demand right before the date ("督导室要在9月上旬开展…"): the date is when it must happen. */
const DEMANDED_BEFORE = /(要|须|务必|应当|应)(在|于)$/;
/** Habits and likelihoods ("年底前各类矛盾纠纷也容易集中显现"): a description, not a limit. */
const HABITUAL = /容易|往往|通常|历来|一般会|可能会|多发|高发/;

function isLimit(text: string, s: number, e: number, match: string): boolean {
  const after = text.slice(e, e + 6);
  // "8月15日前出台" is a limit; "8月15日出台" reports an event.
  const limited = /(前|为止|内)$/.test(match);
  const clause = text.slice(e, e + DEADLINE_LOOKAHEAD - 4).split(/[,。;!?\n]/)[0] ?? '';
  if (limited && HABITUAL.test(clause) && !DEMANDS.test(clause)) return false;
  if (!limited && CALENDAR.test(match)) {
    // "到2019年底，我国已有…", "1月7日，我主持召开…时，就…提出了要求": background, not a limit.
    if (/(\d{4}年|去年|前年|上年)$/.test(text.slice(Math.max(0, s - 5), s))) return false;
    const rest = (text.slice(e, e + DEADLINE_LOOKAHEAD - 4).split(/[。;!?\n]/)[0] ?? '');
    if (OWN_ACT_BEFORE.test(text.slice(Math.max(0, s - 2), s)) || OWN_ACT_AFTER.test(text.slice(e, e + 24))) return false;
    const demanded = DEMANDED_BEFORE.test(text.slice(Math.max(0, s - 4), s));
    if ((!DEMANDS.test(rest) && !demanded) || REPORTS.test(rest)) return false;
    const reported = rest.search(REPORTED_ACT);
    if (!demanded && reported !== -1 && reported < rest.search(DEMANDS)) return false;
  }
  if ((!limited && NOT_A_LIMIT_NEXT.test(after)) || WINDOW_END_BEFORE.test(text.slice(Math.max(0, s - 3), s))) return false;
  // "每月15日" is a frequency, "去年" narrative.
  if (/每[天日周月年季]?$/.test(text.slice(Math.max(0, s - 2), s))) return false;
  if (PAST_BEFORE.test(text.slice(Math.max(0, s - 1), s)) && /(召开|举行|发布|印发)/.test(after)) return false;
  return true;
}
