/**
 * Search results over all the organiser's meetings (transcripts and requirements), grouped by
 * meeting; matched terms highlighted; a hit opens the secretary desk at that sentence or item.
 */
import { For, Show } from 'solid-js';
import type { SearchHit, SearchReply } from '../../../../shared/protocol/index.ts';
import { archiveDateTime, groupHits, hitPlace } from './archive-format.ts';

function Snippet(props: { hit: SearchHit }) {
  return (
    <p class="search-hit__snippet">
      <Show when={props.hit.snippet.clippedStart}>…</Show>
      <For each={props.hit.snippet.parts}>{(part) => (part.match ? <mark>{part.text}</mark> : <>{part.text}</>)}</For>
      <Show when={props.hit.snippet.clippedEnd}>…</Show>
    </p>
  );
}

export function SearchPanel(props: { query: string; reply: SearchReply; onOpen: (hit: SearchHit) => void; onClose: () => void }) {
  return (
    <section class="panel archive-search" aria-labelledby="archive-search-title" data-testid="search-results">
      <h2 class="panel__title" id="archive-search-title">
        检索“{props.query}”
        <span class="panel__count">{props.reply.hits.length}{props.reply.truncated ? '+' : ''} 条结果</span>
        <button type="button" class="btn btn--ghost btn--small" onClick={() => props.onClose()}>关闭</button>
      </h2>
      <Show when={props.reply.hits.length > 0} fallback={<p class="muted" data-testid="search-empty">没有找到包含这些词的转写或要求</p>}>
        <For each={groupHits(props.reply.hits)}>
          {(group) => (
            <div class="search-group">
              <div class="search-group__head">
                <strong>{group.meetingTitle}</strong>
                <span class="muted">{archiveDateTime(group.meetingAt)}</span>
              </div>
              <ul class="search-group__hits">
                <For each={group.hits}>
                  {(hit) => (
                    <li class="search-hit" data-testid="search-hit" data-kind={hit.kind}>
                      <span class={`badge ${hit.kind === 'requirement' ? 'badge--published' : 'badge--forming'}`}>{hitPlace(hit)}</span>
                      <Show when={hit.kind === 'requirement' && hit.headline}>{(h) => <span class="search-hit__headline">{h()}</span>}</Show>
                      <Snippet hit={hit} />
                      <button type="button" class="btn btn--light btn--small" data-testid="search-hit-open" onClick={() => props.onOpen(hit)}>在记录席打开</button>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          )}
        </For>
        <Show when={props.reply.truncated}><p class="muted">结果较多，仅显示前 {props.reply.hits.length} 条，请增加检索词缩小范围。</p></Show>
      </Show>
    </section>
  );
}
