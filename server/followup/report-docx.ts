/**
 * 督查通报 as a DOCX notice in the GB/T 9704 layout (pure, reusing exports/gbt9704.ts): title,
 * 一、总体情况 with the figures, 二、各会议落实情况, 三、各单位落实情况 (units that closed everything
 * named, units with overdue tasks one line each), 四、工作要求, then the issuer and date.
 */
import { AlignmentType, Document, Packer, Paragraph } from 'docx';
import { percent, type FollowupFigures } from '../../shared/followup/figures.ts';
import { fixPackageTimes } from '../exports/deterministic-zip.ts';
import { chineseDate, isoDate } from '../exports/format.ts';
import { FONT_KAITI, STYLE, blankLine, bodyParagraph, gbDocumentOptions, gbSection, heading1Paragraph, run, titleParagraph } from '../exports/gbt9704.ts';
import type { FollowupReport } from './report.ts';

/** 共7项，已办结3项，办结率42.9%；超期未办结2项，逾期办结1项，平均逾期3.5天 */
export function figuresSentence(f: FollowupFigures): string {
  const parts = [`共${f.total}项，已办结${f.done}项，办结率${percent(f.completionRate)}`];
  const late: string[] = [];
  if (f.overdue > 0) late.push(`超期未办结${f.overdue}项`);
  if (f.doneLate > 0) late.push(`逾期办结${f.doneLate}项`);
  if (late.length > 0) parts.push(`${late.join('，')}，平均逾期${f.averageDaysLate}天`);
  else parts.push('无超期事项');
  const open: string[] = [];
  if (f.pending > 0) open.push(`待签收${f.pending}项`);
  if (f.review > 0) open.push(`待复核${f.review}项`);
  if (f.extensionRequested > 0) open.push(`申请延期待审批${f.extensionRequested}项`);
  if (open.length > 0) parts.push(open.join('，'));
  return parts.join('；');
}

/** The notice's paragraphs, in order. */
export function noticeParagraphs(r: FollowupReport): Paragraph[] {
  const asOf = chineseDate(r.asOf);
  const out: Paragraph[] = [titleParagraph(r.title), blankLine()];
  out.push(bodyParagraph([run(`为推动会议议定事项落到实处，${r.issuer}对截至${asOf}的落实情况进行了督查。现将有关情况通报如下：`)]));
  out.push(heading1Paragraph('一、总体情况'));
  out.push(bodyParagraph([run(`截至${asOf}，交办任务${figuresSentence(r.total)}。`)]));
  out.push(heading1Paragraph('二、各会议落实情况'));
  r.meetings.forEach((m, i) => {
    out.push(bodyParagraph([run(`（${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][i] ?? String(i + 1)}）`, FONT_KAITI), run(`${m.label}（${isoDate(m.at)}）：${figuresSentence(m)}。`)]));
  });
  out.push(heading1Paragraph('三、各单位落实情况'));
  const complete = r.units.filter((u) => u.total > 0 && u.done === u.total);
  const lagging = r.units.filter((u) => u.overdue > 0 || u.doneLate > 0);
  out.push(bodyParagraph([run(complete.length > 0 ? `全部办结的单位（${complete.length}个）：${complete.map((u) => u.label).join('、')}。` : '暂无全部办结的单位。')]));
  if (lagging.length > 0) {
    out.push(bodyParagraph([run(`存在超期事项的单位（${lagging.length}个）：`)]));
    lagging.forEach((u, i) => out.push(bodyParagraph([run(`${i + 1}. ${u.label}：${figuresSentence(u)}。`)])));
  } else {
    out.push(bodyParagraph([run('各单位均无超期事项。')]));
  }
  out.push(heading1Paragraph('四、工作要求'));
  out.push(bodyParagraph([run('各单位要对照任务清单逐项抓好落实，按时限报送进展和办结材料；对超期未办结事项，要说明原因、明确办结时限，抓紧整改到位；申请延期须说明理由，经批准后按新时限办结。')]));
  out.push(blankLine());
  const right = (text: string) => new Paragraph({ style: STYLE.plain, alignment: AlignmentType.RIGHT, indent: { right: 4 * 320 }, children: [run(text)] });
  out.push(right(r.issuer));
  out.push(right(asOf));
  return out;
}

export async function renderFollowupNoticeDocx(r: FollowupReport): Promise<Uint8Array> {
  const doc = new Document({
    ...gbDocumentOptions({ title: r.title, creator: r.issuer, description: '落实 Luoshi 督查通报' }),
    sections: [gbSection(noticeParagraphs(r))],
  });
  const bytes = new Uint8Array(await Packer.toBuffer(doc));
  return fixPackageTimes(bytes, r.asOf);
}
