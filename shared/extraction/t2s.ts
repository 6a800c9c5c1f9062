/**
 * Traditional → simplified for the characters the rules read (markers, counts, speech verbs,
 * titles, units, dates). Whisper sometimes answers in traditional script (真抓實改問題); folding
 * these one-to-one in the normalised view keeps offsets intact while outputs stay as written.
 */
const PAIRS =
  '點点個个條条項项兩两講讲說说談谈強强調调見见議议務务會会單单門门關关機机們们區区縣县鎮镇鄉乡級级這这問问題题' +
  '實实黨党紀纪長长記记書书廳厅處处隊队組组員员導导領领責责負负應应須须確确貫贯徹彻為为與与對对時时間间週周號号' +
  '後后盡尽儘尽準准將将進进緊紧嚴严織织傳传達达動动員员參参辦办監监督督幹干規规範范廣广製制訂订備备護护衛卫' +
  '體体總总結结產产業业華华開开東东華华歲岁劃划層层閱阅節节慶庆愛爱壓压擔担當当狠狠奮奋鬥斗舉举陳陈劉刘楊杨' +
  '張张趙赵孫孙鄭郑吳吴馮冯蔣蒋衛卫許许鄧邓蕭萧韓韩譚谭陸陆錢钱範范';

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) {
  const from = PAIRS[i];
  const to = PAIRS[i + 1];
  if (from && to && from !== to) MAP.set(from, to);
}

/** Simplified form of one character (itself when not in the table). */
export function toSimplified(ch: string): string {
  return MAP.get(ch) ?? ch;
}
