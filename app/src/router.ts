import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from "vue-router";
import { useSession } from "./stores/session";

/** The screens of Sales (invoices) and Purchases (bills): the same views, told their side. */
function sideRoutes(side: "sales" | "purchases", docs: string, label: string): RouteRecordRaw[] {
  const props = { side };
  const name = (suffix: string) => `${side}-${suffix}`;
  const editor = () => import("./views/sales/DocumentEditor.vue");
  return [
    { path: side, redirect: (to) => ({ name: name("documents"), params: to.params }) },
    { path: `${side}/${docs}`, name: name("documents"), component: () => import("./views/sales/DocumentsView.vue"), props, meta: { title: label } },
    { path: `${side}/${docs}/new`, name: name("document-new"), component: editor, props, meta: { title: label } },
    { path: `${side}/${docs}/:id(\\d+)`, name: name("document"), component: () => import("./views/sales/DocumentView.vue"), props, meta: { title: label } },
    { path: `${side}/${docs}/:id(\\d+)/edit`, name: name("document-edit"), component: editor, props, meta: { title: label } },
    { path: `${side}/payments`, name: name("payments"), component: () => import("./views/sales/PaymentsView.vue"), props, meta: { title: `${label}: payments` } },
    { path: `${side}/payments/new`, name: name("payment-new"), component: () => import("./views/sales/PaymentEditor.vue"), props, meta: { title: "Record a payment" } },
    { path: `${side}/payments/:id(\\d+)`, name: name("payment"), component: () => import("./views/sales/PaymentView.vue"), props, meta: { title: "Payment" } },
    { path: `${side}/aging`, name: name("aging"), component: () => import("./views/sales/AgingView.vue"), props, meta: { title: `${label}: aging` } },
  ];
}

export const routes: RouteRecordRaw[] = [
  { path: "/login", name: "login", component: () => import("./views/LoginView.vue"), meta: { public: true } },
  { path: "/", name: "home", component: () => import("./views/CompanyPicker.vue") },
  {
    path: "/t/:slug",
    component: () => import("./components/AppShell.vue"),
    children: [
      { path: "", name: "dashboard", component: () => import("./views/DashboardView.vue"), meta: { title: "Dashboard" } },
      { path: "accounts", name: "accounts", component: () => import("./views/AccountsView.vue"), meta: { title: "Chart of accounts" } },
      { path: "entries", name: "entries", component: () => import("./views/EntriesView.vue"), meta: { title: "Journal entries" } },
      { path: "entries/new", name: "entry-new", component: () => import("./views/EntryEditor.vue"), meta: { title: "New entry" } },
      { path: "entries/:id(\\d+)", name: "entry", component: () => import("./views/EntryEditor.vue"), meta: { title: "Entry" } },
      { path: "reports/:kind(trial-balance|balance-sheet|income-statement|general-ledger)?", name: "reports", component: () => import("./views/ReportsView.vue"), meta: { title: "Reports" } },
      { path: "bank", name: "bank", component: () => import("./views/bank/BankView.vue"), meta: { title: "Bank" } },
      { path: "bank/rules", name: "bank-rules", component: () => import("./views/bank/RulesView.vue"), meta: { title: "Bank rules" } },
      { path: "bank/:id(\\d+)", name: "bank-statements", component: () => import("./views/bank/StatementsView.vue"), meta: { title: "Bank statements" } },
      { path: "bank/:id(\\d+)/reconcile", name: "bank-reconcile", component: () => import("./views/bank/ReconcileView.vue"), meta: { title: "Reconcile" } },
      { path: "bank/:id(\\d+)/report", name: "bank-report", component: () => import("./views/bank/BankReportView.vue"), meta: { title: "Bank reconciliation" } },
      ...sideRoutes("sales", "invoices", "Sales"),
      ...sideRoutes("purchases", "bills", "Purchases"),
      { path: "contacts", name: "contacts", component: () => import("./views/sales/ContactsView.vue"), meta: { title: "Contacts" } },
      { path: "contacts/:id(\\d+)", name: "contact", component: () => import("./views/sales/ContactView.vue"), meta: { title: "Contact" } },
      { path: "recurring", name: "recurring-list", component: () => import("./views/RecurringView.vue"), meta: { title: "Recurring entries" } },
      { path: "recurring/new", name: "recurring-new", component: () => import("./views/RecurringEditor.vue"), meta: { title: "New recurring entry" } },
      { path: "recurring/:id(\\d+)", name: "recurring", component: () => import("./views/RecurringEditor.vue"), meta: { title: "Recurring entry" } },
      { path: "revaluation", name: "revaluations", component: () => import("./views/RevaluationsView.vue"), meta: { title: "Revaluation" } },
      { path: "tax", name: "tax-return", component: () => import("./views/TaxReturnView.vue"), meta: { title: "Tax return" } },
      { path: "settings/invoicing", name: "invoicing-settings", component: () => import("./views/InvoicingSettingsView.vue"), meta: { title: "Invoicing settings" } },
      { path: "imports", name: "imports", component: () => import("./views/imports/ImportsView.vue"), meta: { title: "Import books" } },
      { path: "imports/:id(\\d+)", name: "import", component: () => import("./views/imports/ImportView.vue"), meta: { title: "Book import" } },
      { path: "periods", name: "periods", component: () => import("./views/PeriodsView.vue"), meta: { title: "Periods" } },
    ],
  },
  { path: "/:rest(.*)*", name: "not-found", component: () => import("./views/NotFound.vue"), meta: { public: true } },
];

export function createAppRouter(base = import.meta.env.BASE_URL): Router {
  const router = createRouter({
    history: createWebHistory(base),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });
  router.beforeEach(async (to) => {
    const session = useSession();
    let me = session.me;
    try {
      me = await session.load();
    } catch {
      // The API is unreachable: let public pages render; others show the login with the error.
      me = null;
    }
    if (to.meta.public) {
      if (to.name === "login" && me) return { name: "home" };
      return true;
    }
    if (!me) return { name: "login", query: to.fullPath !== "/" ? { next: to.fullPath } : {} };
    const slug = to.params.slug as string | undefined;
    if (slug) {
      if (!session.enter(slug)) return { name: "home", query: { denied: slug } };
    } else if (to.name === "home" && !to.query.pick && !to.query.denied) {
      const preferred = session.preferredCompany();
      if (preferred) return { name: "dashboard", params: { slug: preferred } };
    }
    return true;
  });
  router.afterEach((to) => {
    const title = to.meta.title as string | undefined;
    const session = useSession();
    document.title = [title, session.company?.name, "pyledger"].filter(Boolean).join(" · ");
  });
  return router;
}
