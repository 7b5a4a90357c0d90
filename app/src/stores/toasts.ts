import { defineStore } from "pinia";
import { ref } from "vue";

export interface Toast {
  id: number;
  text: string;
  kind: "success" | "error" | "info";
}

let counter = 0;

export const useToasts = defineStore("toasts", () => {
  const items = ref<Toast[]>([]);
  function push(text: string, kind: Toast["kind"] = "success", ms = 3500): void {
    const id = ++counter;
    items.value.push({ id, text, kind });
    setTimeout(() => dismiss(id), ms);
  }
  function dismiss(id: number): void {
    items.value = items.value.filter((t) => t.id !== id);
  }
  return { items, push, dismiss };
});
