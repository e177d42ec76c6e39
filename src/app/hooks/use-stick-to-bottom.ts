import { useLayoutEffect, useRef } from 'preact/hooks';

/** How close to the bottom (px) still counts as "following" the newest text. */
const SLACK_PX = 48;

/**
 * Keeps a scroll container pinned to its bottom when `content` changes, unless the user has
 * scrolled up to read. Returns the ref to put on the container.
 */
export function useStickToBottom<T extends HTMLElement>(content: unknown) {
  const ref = useRef<T>(null);
  const following = useRef(true);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onScroll = () => {
      following.current = element.scrollHeight - element.scrollTop - element.clientHeight <= SLACK_PX;
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, []);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [content]);

  return ref;
}
