import { createPinia } from "pinia";
import { createApp } from "vue";
import App from "./App.vue";
import { setUnauthenticatedHandler } from "./api/client";
import { createAppRouter } from "./router";
import { useSession } from "./stores/session";
import "./styles.css";

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createAppRouter();
app.use(router);
setUnauthenticatedHandler(() => {
  const session = useSession(pinia);
  if (!session.me) return;
  session.expire();
  void router.push({ name: "login", query: { next: router.currentRoute.value.fullPath, expired: "1" } });
});
app.mount("#app");
