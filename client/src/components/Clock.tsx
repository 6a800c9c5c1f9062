/**
 * Wall clock for headers (updates every 15 s; minutes are enough on a meeting screen).
 */
import { createSignal, onCleanup } from 'solid-js';

export function Clock() {
  const [now, setNow] = createSignal(new Date());
  const timer = setInterval(() => setNow(new Date()), 15_000);
  onCleanup(() => clearInterval(timer));
  const text = () => `${String(now().getHours()).padStart(2, '0')}:${String(now().getMinutes()).padStart(2, '0')}`;
  const date = () => `${now().getMonth() + 1}月${now().getDate()}日`;
  return (
    <span class="clock" aria-label="当前时间">
      <span class="clock__date">{date()}</span>
      <span class="clock__time">{text()}</span>
    </span>
  );
}
