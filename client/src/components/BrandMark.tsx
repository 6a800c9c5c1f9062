/**
 * The product seal: a red square with 落实, used on the join page and in headers.
 */
export function BrandMark(props: { small?: boolean }) {
  return (
    <span class={props.small ? 'brand-mark brand-mark--small' : 'brand-mark'} aria-hidden="true">
      <span>落</span>
      <span>实</span>
    </span>
  );
}
