import { onBeforeUnmount, onMounted, ref, type Ref } from "vue";

/** The element's width in CSS pixels, kept current (charts draw at their real size). */
export function useWidth(el: Ref<HTMLElement | null>, fallback = 640): Ref<number> {
  const width = ref(fallback);
  let observer: ResizeObserver | null = null;
  onMounted(() => {
    if (!el.value) return;
    width.value = el.value.clientWidth || fallback;
    if (typeof ResizeObserver !== "undefined") {
      observer = new ResizeObserver((entries) => {
        const w = entries[0]?.contentRect.width;
        if (w) width.value = w;
      });
      observer.observe(el.value);
    }
  });
  onBeforeUnmount(() => observer?.disconnect());
  return width;
}
