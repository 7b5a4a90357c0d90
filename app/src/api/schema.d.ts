// Generated from the Django OpenAPI schema by scripts/gen-api.mjs; do not edit.
// tests/api-schema.test.ts fails when it is out of date: run `npm run gen:api`.
export interface paths {
    "/api/v1/auth/session/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is signed in (session)
         * @description Sets the CSRF cookie and returns the token to send as X-CSRFToken, and who is signed in (`user` is null for nobody): a page can ask without provoking a 401.
         */
        get: operations["auth_session_retrieve"];
        put?: never;
        /**
         * Sign in with a session cookie
         * @description Session login and logout for the web app and the browsable API (CSRF protected).
         */
        post: operations["auth_session_create"];
        /**
         * Sign out
         * @description Session login and logout for the web app and the browsable API (CSRF protected).
         */
        delete: operations["auth_session_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/token/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get an API token
         * @description Exchange a username and password for an API token (send it as `Authorization: Token …`).
         */
        post: operations["auth_token_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/token/revoke/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an API token
         * @description Revoke the token used for this request (`?all=1` revokes every token of the user).
         */
        post: operations["auth_token_revoke_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user and their companies
         * @description The signed-in user with their companies and roles.
         */
        get: operations["me_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/accounts/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List accounts
         * @description The chart of accounts, flat or as a tree, with base-currency balances.
         */
        get: operations["accounts_list"];
        put?: never;
        /**
         * Create an account
         * @description The chart of accounts, flat or as a tree, with base-currency balances.
         */
        post: operations["accounts_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/accounts/{code}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an account
         * @description The chart of accounts, flat or as a tree, with base-currency balances.
         */
        get: operations["accounts_retrieve"];
        put?: never;
        post?: never;
        /**
         * Delete an unused account
         * @description The chart of accounts, flat or as a tree, with base-currency balances.
         */
        delete: operations["accounts_destroy"];
        options?: never;
        head?: never;
        /**
         * Change an account
         * @description The chart of accounts, flat or as a tree, with base-currency balances.
         */
        patch: operations["accounts_partial_update"];
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/accounts/{code}/deactivate/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deactivate an account
         * @description The chart of accounts, flat or as a tree, with base-currency balances.
         */
        post: operations["accounts_deactivate_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/audit-events/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the audit trail
         * @description The append-only audit trail, newest first.
         */
        get: operations["audit_events_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bank-accounts/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List bank accounts
         * @description Bank accounts: a ledger account of the cash/bank kind plus the bank's details.
         */
        get: operations["bank_accounts_list"];
        put?: never;
        /**
         * Create a bank account
         * @description Bank accounts: a ledger account of the cash/bank kind plus the bank's details.
         */
        post: operations["bank_accounts_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bank-accounts/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a bank account
         * @description Bank accounts: a ledger account of the cash/bank kind plus the bank's details.
         */
        get: operations["bank_accounts_retrieve"];
        put?: never;
        post?: never;
        /**
         * Delete a bank account without statements
         * @description Bank accounts: a ledger account of the cash/bank kind plus the bank's details.
         */
        delete: operations["bank_accounts_destroy"];
        options?: never;
        head?: never;
        /**
         * Change a bank account
         * @description Bank accounts: a ledger account of the cash/bank kind plus the bank's details.
         */
        patch: operations["bank_accounts_partial_update"];
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bank-accounts/{id}/auto-match/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Auto-match a bank account's lines
         * @description Bank accounts: a ledger account of the cash/bank kind plus the bank's details.
         */
        post: operations["bank_accounts_auto_match_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bank-accounts/{id}/statements/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a bank account's statements
         * @description The account's statements.
         */
        get: operations["bank_accounts_statements_retrieve"];
        put?: never;
        /**
         * Import a statement file
         * @description Import a statement file; lines seen before are skipped (never duplicated). With `background=true` the file is imported by a job: 202 with the job, whose `result` holds the statement ids and counts once it has `succeeded`.
         */
        post: operations["bank_accounts_statements_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bank-rules/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List bank rules
         * @description Rules that book statement lines the books lack (auto-match's second pass).
         */
        get: operations["bank_rules_list"];
        put?: never;
        /**
         * Create a bank rule
         * @description Rules that book statement lines the books lack (auto-match's second pass).
         */
        post: operations["bank_rules_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bank-rules/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a bank rule
         * @description Rules that book statement lines the books lack (auto-match's second pass).
         */
        get: operations["bank_rules_retrieve"];
        put?: never;
        post?: never;
        /**
         * Delete a bank rule
         * @description Rules that book statement lines the books lack (auto-match's second pass).
         */
        delete: operations["bank_rules_destroy"];
        options?: never;
        head?: never;
        /**
         * Change a bank rule
         * @description Rules that book statement lines the books lack (auto-match's second pass).
         */
        patch: operations["bank_rules_partial_update"];
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bills/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List bills and vendor credits
         * @description Purchase bills and vendor credits: draft, issue (posted), credit.
         */
        get: operations["bills_list"];
        put?: never;
        /**
         * Create a bill
         * @description Purchase bills and vendor credits: draft, issue (posted), credit.
         */
        post: operations["bills_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bills/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a bill
         * @description Purchase bills and vendor credits: draft, issue (posted), credit.
         */
        get: operations["bills_retrieve"];
        /**
         * Replace a draft bill
         * @description Purchase bills and vendor credits: draft, issue (posted), credit.
         */
        put: operations["bills_update"];
        post?: never;
        /**
         * Delete a draft bill
         * @description Purchase bills and vendor credits: draft, issue (posted), credit.
         */
        delete: operations["bills_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bills/{id}/allocate/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Settle documents with a vendor credit's open amount
         * @description Settle what a credit note (or vendor credit, or an overpaid document) has open against
         *     other open documents or payments of the same contact.
         */
        post: operations["bills_allocate_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bills/{id}/credit/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a vendor credit for a bill
         * @description Purchase bills and vendor credits: draft, issue (posted), credit.
         */
        post: operations["bills_credit_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bills/{id}/issue/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a draft bill
         * @description Purchase bills and vendor credits: draft, issue (posted), credit.
         */
        post: operations["bills_issue_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/bills/{id}/pdf/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A bill as PDF
         * @description The document as a PDF: the company and the contact, the lines, tax per code, totals, the
         *     due date and (on invoices) the payment details of the invoicing settings. A draft is marked
         *     DRAFT. 503 pdf_unavailable when the server lacks the PDF library's system packages.
         */
        get: operations["bills_pdf_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/contacts/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List contacts
         * @description Customers and vendors. `?q=` searches name, tax id and email; `?role=customer|vendor`;
         *     archived contacts are listed only with `?archived=true`.
         */
        get: operations["contacts_list"];
        put?: never;
        /**
         * Create a contact
         * @description Customers and vendors. `?q=` searches name, tax id and email; `?role=customer|vendor`;
         *     archived contacts are listed only with `?archived=true`.
         */
        post: operations["contacts_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/contacts/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a contact
         * @description Customers and vendors. `?q=` searches name, tax id and email; `?role=customer|vendor`;
         *     archived contacts are listed only with `?archived=true`.
         */
        get: operations["contacts_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change or archive a contact
         * @description Customers and vendors. `?q=` searches name, tax id and email; `?role=customer|vendor`;
         *     archived contacts are listed only with `?archived=true`.
         */
        patch: operations["contacts_partial_update"];
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/contacts/{id}/statement/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A contact's statement
         * @description What a customer owes us (or we owe a vendor, with ?party=vendor), line by line in each
         *     currency: the balance before `from`, every document and payment to `to` with the balance after
         *     it, and the closing balance. As CSV: one row per line, with its currency.
         */
        get: operations["contacts_statement_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/csv-profiles/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List CSV profiles
         * @description How a bank's CSV export reads; owners manage them.
         */
        get: operations["csv_profiles_list"];
        put?: never;
        /**
         * Create a CSV profile
         * @description How a bank's CSV export reads; owners manage them.
         */
        post: operations["csv_profiles_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/csv-profiles/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a CSV profile
         * @description How a bank's CSV export reads; owners manage them.
         */
        get: operations["csv_profiles_retrieve"];
        put?: never;
        post?: never;
        /**
         * Delete a CSV profile
         * @description How a bank's CSV export reads; owners manage them.
         */
        delete: operations["csv_profiles_destroy"];
        options?: never;
        head?: never;
        /**
         * Change a CSV profile
         * @description How a bank's CSV export reads; owners manage them.
         */
        patch: operations["csv_profiles_partial_update"];
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/document-series/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List document number series
         * @description Number series per document kind and year; owners set a prefix before its first number.
         */
        get: operations["document_series_list"];
        put?: never;
        /**
         * Set a number series' prefix
         * @description Number series per document kind and year; owners set a prefix before its first number.
         */
        post: operations["document_series_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/events/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the event feed after a cursor
         * @description The company's events above a cursor, oldest first.
         */
        get: operations["events_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/exchange-rates/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List exchange rates
         * @description Exchange rates: base-currency units per unit of the currency, per day.
         */
        get: operations["exchange_rates_list"];
        put?: never;
        /**
         * Record an exchange rate
         * @description Exchange rates: base-currency units per unit of the currency, per day.
         */
        post: operations["exchange_rates_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/export/beancount/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the books as a Beancount file
         * @description The books as a Beancount file: options, an open directive per account, exchange rates as
         *     prices, every posted entry as a transaction (foreign lines priced at their base amount), so
         *     that bean-check accepts it and its balances equal the trial balance (docs/migrating.md).
         */
        get: operations["export_beancount_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/export/saf-t/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the SAF-T file of a fiscal year
         * @description The OECD SAF-T 2.00 general ledger of one fiscal year: master files (accounts with opening and
         *     closing balances, customers, suppliers, tax codes) and every posted entry, grouped in journals
         *     by subledger. Refused (409 saft_not_representable) when the books hold amounts SAF-T cannot
         *     carry exactly.
         */
        get: operations["export_saf_t_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/fiscal-years/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List fiscal years
         * @description Fiscal years; closing one posts the closing entry into retained earnings (owners).
         */
        get: operations["fiscal_years_list"];
        put?: never;
        /**
         * Open a fiscal year ahead of its entries
         * @description Fiscal years; closing one posts the closing entry into retained earnings (owners).
         */
        post: operations["fiscal_years_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/fiscal-years/{id}/close/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close a fiscal year
         * @description Fiscal years; closing one posts the closing entry into retained earnings (owners).
         */
        post: operations["fiscal_years_close_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/fiscal-years/{id}/reopen/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reopen a fiscal year
         * @description Fiscal years; closing one posts the closing entry into retained earnings (owners).
         */
        post: operations["fiscal_years_reopen_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/imports/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List book imports
         * @description Imports of other ledgers' books into the company, newest first.
         */
        get: operations["imports_list"];
        put?: never;
        /**
         * Import a Beancount file or an hledger / ledger journal
         * @description Import a book: accounts, exchange rates and entries (importing the same file again adds nothing). 201 with the report; with `background=true`, 202 and the import `queued`. Transactions in closed periods refuse the whole import (409 period_closed).
         */
        post: operations["imports_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/imports/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a book import's status and report
         * @description Imports of other ledgers' books into the company, newest first.
         */
        get: operations["imports_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/invoices/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List invoices and credit notes
         * @description Sales invoices and their credit notes: draft, issue (numbered and posted), credit.
         */
        get: operations["invoices_list"];
        put?: never;
        /**
         * Create an invoice
         * @description Sales invoices and their credit notes: draft, issue (numbered and posted), credit.
         */
        post: operations["invoices_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/invoices/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an invoice
         * @description Sales invoices and their credit notes: draft, issue (numbered and posted), credit.
         */
        get: operations["invoices_retrieve"];
        /**
         * Replace a draft invoice
         * @description Sales invoices and their credit notes: draft, issue (numbered and posted), credit.
         */
        put: operations["invoices_update"];
        post?: never;
        /**
         * Delete a draft invoice
         * @description Sales invoices and their credit notes: draft, issue (numbered and posted), credit.
         */
        delete: operations["invoices_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/invoices/{id}/allocate/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Settle documents with a credit note's open amount
         * @description Settle what a credit note (or vendor credit, or an overpaid document) has open against
         *     other open documents or payments of the same contact.
         */
        post: operations["invoices_allocate_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/invoices/{id}/credit/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a credit note for an invoice
         * @description Sales invoices and their credit notes: draft, issue (numbered and posted), credit.
         */
        post: operations["invoices_credit_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/invoices/{id}/issue/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a draft invoice
         * @description Sales invoices and their credit notes: draft, issue (numbered and posted), credit.
         */
        post: operations["invoices_issue_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/invoices/{id}/pdf/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An invoice as PDF
         * @description The document as a PDF: the company and the contact, the lines, tax per code, totals, the
         *     due date and (on invoices) the payment details of the invoicing settings. A draft is marked
         *     DRAFT. 503 pdf_unavailable when the server lacks the PDF library's system packages.
         */
        get: operations["invoices_pdf_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/invoicing-settings/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Invoicing settings
         * @description The control accounts (chosen on first use), tax rounding and the payment details printed
         *     on invoices. Owners change them.
         */
        get: operations["invoicing_settings_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change invoicing settings
         * @description The control accounts (chosen on first use), tax rounding and the payment details printed
         *     on invoices. Owners change them.
         */
        patch: operations["invoicing_settings_partial_update"];
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/invoicing-settings/logo/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The logo printed on invoices
         * @description The logo printed on invoices and credit notes: a PNG, JPEG or SVG of at most 512 KiB.
         *     Members read it; owners upload (multipart field `file`) or remove it.
         */
        get: operations["invoicing_settings_logo_retrieve"];
        /**
         * Upload the invoice logo
         * @description The logo printed on invoices and credit notes: a PNG, JPEG or SVG of at most 512 KiB.
         *     Members read it; owners upload (multipart field `file`) or remove it.
         */
        put: operations["invoicing_settings_logo_update"];
        post?: never;
        /**
         * Remove the invoice logo
         * @description The logo printed on invoices and credit notes: a PNG, JPEG or SVG of at most 512 KiB.
         *     Members read it; owners upload (multipart field `file`) or remove it.
         */
        delete: operations["invoicing_settings_logo_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/jobs/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List background jobs
         * @description Background jobs of the company, newest first; every member reads them.
         */
        get: operations["jobs_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/jobs/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a background job's status
         * @description Background jobs of the company, newest first; every member reads them.
         */
        get: operations["jobs_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/jobs/{id}/download/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the file a background job made
         * @description The file a finished job made (a report export), as an attachment: for members whose
         *     role is at least the one the file needs (the report's), until it expires (410).
         */
        get: operations["jobs_download_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/journal-entries/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List journal entries
         * @description Journal entries: create as draft or posted (with an Idempotency-Key), edit drafts,
         *     post, reverse. Posted entries never change.
         */
        get: operations["journal_entries_list"];
        put?: never;
        /**
         * Create a journal entry
         * @description Journal entries: create as draft or posted (with an Idempotency-Key), edit drafts,
         *     post, reverse. Posted entries never change.
         */
        post: operations["journal_entries_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/journal-entries/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a journal entry
         * @description Journal entries: create as draft or posted (with an Idempotency-Key), edit drafts,
         *     post, reverse. Posted entries never change.
         */
        get: operations["journal_entries_retrieve"];
        /**
         * Replace a draft entry
         * @description Journal entries: create as draft or posted (with an Idempotency-Key), edit drafts,
         *     post, reverse. Posted entries never change.
         */
        put: operations["journal_entries_update"];
        post?: never;
        /**
         * Delete a draft entry
         * @description Journal entries: create as draft or posted (with an Idempotency-Key), edit drafts,
         *     post, reverse. Posted entries never change.
         */
        delete: operations["journal_entries_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/journal-entries/{id}/post/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a draft entry
         * @description Journal entries: create as draft or posted (with an Idempotency-Key), edit drafts,
         *     post, reverse. Posted entries never change.
         */
        post: operations["journal_entries_post_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/journal-entries/{id}/reverse/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reverse a posted entry
         * @description Journal entries: create as draft or posted (with an Idempotency-Key), edit drafts,
         *     post, reverse. Posted entries never change.
         */
        post: operations["journal_entries_reverse_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/members/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List members
         * @description Company-scoped views: authenticated members whose role allows the action (`roles`).
         */
        get: operations["members_list"];
        put?: never;
        /**
         * Add a member
         * @description Company-scoped views: authenticated members whose role allows the action (`roles`).
         */
        post: operations["members_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/members/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member
         * @description Company-scoped views: authenticated members whose role allows the action (`roles`).
         */
        delete: operations["members_destroy"];
        options?: never;
        head?: never;
        /**
         * Change a member's role
         * @description Company-scoped views: authenticated members whose role allows the action (`roles`).
         */
        patch: operations["members_partial_update"];
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/payments/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List payments
         * @description Money received and paid, each settling documents (or another payment: a refund).
         */
        get: operations["payments_list"];
        put?: never;
        /**
         * Record a payment
         * @description Money received and paid, each settling documents (or another payment: a refund).
         */
        post: operations["payments_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/payments/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a payment
         * @description Money received and paid, each settling documents (or another payment: a refund).
         */
        get: operations["payments_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/payments/{id}/allocate/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Settle documents with a payment's open amount
         * @description Money received and paid, each settling documents (or another payment: a refund).
         */
        post: operations["payments_allocate_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/periods/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List periods
         * @description Monthly periods; owners close and reopen them.
         */
        get: operations["periods_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/periods/{id}/close/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close a period
         * @description Monthly periods; owners close and reopen them.
         */
        post: operations["periods_close_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/periods/{id}/reopen/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reopen a period
         * @description Monthly periods; owners close and reopen them.
         */
        post: operations["periods_reopen_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/recurring-entries/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List recurring entries
         * @description Recurring journal entries: lines and a schedule; each date due is booked once.
         */
        get: operations["recurring_entries_list"];
        put?: never;
        /**
         * Create a recurring entry
         * @description Recurring journal entries: lines and a schedule; each date due is booked once.
         */
        post: operations["recurring_entries_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/recurring-entries/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a recurring entry
         * @description Recurring journal entries: lines and a schedule; each date due is booked once.
         */
        get: operations["recurring_entries_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a recurring entry
         * @description Recurring journal entries: lines and a schedule; each date due is booked once.
         */
        patch: operations["recurring_entries_partial_update"];
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/recurring-entries/{id}/occurrences/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a recurring entry's booked and failed dates
         * @description What each date booked (the entry, posted or draft) or why it failed, newest first.
         */
        get: operations["recurring_entries_occurrences_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/recurring-entries/{id}/pause/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a recurring entry
         * @description Stop booking this template's dates until it is resumed.
         */
        post: operations["recurring_entries_pause_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/recurring-entries/{id}/resume/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a recurring entry
         * @description Book again from the first date on or after today (the dates that fell while paused are skipped).
         */
        post: operations["recurring_entries_resume_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/recurring-entries/{id}/run/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a recurring entry now
         * @description Run now: book the dates due through today not booked yet (as the scheduled run does).
         */
        post: operations["recurring_entries_run_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/recurring-entries/preview/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview a schedule's dates
         * @description The dates a schedule falls on (the first `count`), before it is saved.
         */
        post: operations["recurring_entries_preview_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/reports/aged-payables/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Aged payables
         * @description What we owe vendors, by how late it is (see aged receivables); vendor credits and payments
         *     not yet allocated are the credits.
         */
        get: operations["reports_aged_payables_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/reports/aged-receivables/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Aged receivables
         * @description What customers owe, by how late it is: current (not yet due), 1-30, 31-60, 61-90 and over 90
         *     days past due, per contact and currency, with credit notes and payments not yet allocated as
         *     credits. As of a past day, items issued later are left out and later allocations added back.
         */
        get: operations["reports_aged_receivables_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/reports/balance-sheet/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Balance sheet
         * @description Assets, liabilities and equity as of a date, with current earnings.
         */
        get: operations["reports_balance_sheet_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/reports/bank-reconciliation/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Bank reconciliation
         * @description Statement balance against book balance as of a day, with the lines and entries that explain
         *     the difference. As CSV: one row per unexplained item, the figures as totals.
         */
        get: operations["reports_bank_reconciliation_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/reports/general-ledger/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * General ledger
         * @description One account's lines over a date range with a running balance.
         */
        get: operations["reports_general_ledger_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/reports/income-statement/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Income statement
         * @description Income and expenses over a date range.
         */
        get: operations["reports_income_statement_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/reports/monthly/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Monthly totals
         * @description Each account's opening balance, movement per calendar month and closing balance over a
         *     date range, with income, expenses and net income per month: a dashboard's figures in one
         *     request, read from the kept totals. At most 120 months.
         */
        get: operations["reports_monthly_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/reports/tax-return/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tax return
         * @description The boxes of a return scheme over a period, each with its amount and the link to the
         *     journal lines behind it (`?box=`), and the reconciliation with the tax accounts' movement.
         */
        get: operations["reports_tax_return_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/reports/trial-balance/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Trial balance
         * @description Total debits, credits and net (debit - credit) of every account with postings up to `as_of`.
         */
        get: operations["reports_trial_balance_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/revaluations/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List revaluations
         * @description Unrealised exchange gains and losses: open foreign-currency balances revalued at a date's
         *     rates, reversed the next day. Preview first; once per date.
         */
        get: operations["revaluations_list"];
        put?: never;
        /**
         * Revalue foreign-currency balances
         * @description Unrealised exchange gains and losses: open foreign-currency balances revalued at a date's
         *     rates, reversed the next day. Preview first; once per date.
         */
        post: operations["revaluations_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/revaluations/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a revaluation
         * @description Unrealised exchange gains and losses: open foreign-currency balances revalued at a date's
         *     rates, reversed the next day. Preview first; once per date.
         */
        get: operations["revaluations_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/revaluations/preview/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview a revaluation
         * @description Unrealised exchange gains and losses: open foreign-currency balances revalued at a date's
         *     rates, reversed the next day. Preview first; once per date.
         */
        post: operations["revaluations_preview_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List statement lines
         * @description Statement lines with their status; match, book, ignore and unmatch them one at a time.
         */
        get: operations["statement_lines_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a statement line
         * @description Statement lines with their status; match, book, ignore and unmatch them one at a time.
         */
        get: operations["statement_lines_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/{id}/create-entry/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Book an entry from a line
         * @description Statement lines with their status; match, book, ignore and unmatch them one at a time.
         */
        post: operations["statement_lines_create_entry_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/{id}/create-rule/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a rule from a line
         * @description Statement lines with their status; match, book, ignore and unmatch them one at a time.
         */
        post: operations["statement_lines_create_rule_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/{id}/document-suggestions/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open documents a line could settle
         * @description Open documents the line could settle, best first (empty once the line is matched).
         */
        get: operations["statement_lines_document_suggestions_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/{id}/ignore/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ignore a line
         * @description Statement lines with their status; match, book, ignore and unmatch them one at a time.
         */
        post: operations["statement_lines_ignore_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/{id}/match/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Match lines to entries
         * @description Statement lines with their status; match, book, ignore and unmatch them one at a time.
         */
        post: operations["statement_lines_match_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/{id}/settle/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Settle open documents from a line
         * @description Record the line as a payment settling the documents, and match the line to it.
         */
        post: operations["statement_lines_settle_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/{id}/suggestions/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Suggested entries for a line
         * @description Statement lines with their status; match, book, ignore and unmatch them one at a time.
         */
        get: operations["statement_lines_suggestions_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statement-lines/{id}/unmatch/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Undo a match
         * @description Statement lines with their status; match, book, ignore and unmatch them one at a time.
         */
        post: operations["statement_lines_unmatch_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statements/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a statement
         * @description One imported statement; `reconcile` marks it reconciled once every line is settled.
         */
        get: operations["statements_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/statements/{id}/reconcile/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a statement reconciled
         * @description One imported statement; `reconcile` marks it reconciled once every line is settled.
         */
        post: operations["statements_reconcile_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/tax-codes/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tax codes
         * @description Tax codes synced from the common tax rates of the company's country.
         */
        get: operations["tax_codes_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/tax-returns/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List filed tax returns
         * @description Filed tax returns, newest first; owners file one (POST) for a period.
         */
        get: operations["tax_returns_list"];
        put?: never;
        /**
         * File a tax return
         * @description File the return of `scheme` for `from`..`to`: posts the settlement (the tax accounts' tax of the period to the tax payable account, 2310), records the boxes as filed, and refuses postings with its tax codes dated in the period from then on. A period overlapping a filed one is refused (409 tax_return_overlaps).
         */
        post: operations["tax_returns_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/tax-returns/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a filed tax return
         * @description Filed tax returns, newest first; owners file one (POST) for a period.
         */
        get: operations["tax_returns_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/tax-schemes/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tax return schemes and their boxes
         * @description Return schemes: their boxes and which of the company's tax codes fill them.
         */
        get: operations["tax_schemes_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/tax-schemes/{key}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a tax return scheme
         * @description Return schemes: their boxes and which of the company's tax codes fill them.
         */
        get: operations["tax_schemes_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/tax-schemes/{key}/mapping/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Map a tax code to boxes
         * @description Set which boxes a tax code fills in this scheme (owners).
         */
        post: operations["tax_schemes_mapping_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/webhooks/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints
         * @description Webhook endpoints of the company: owners only.
         */
        get: operations["webhooks_list"];
        put?: never;
        /**
         * Register a webhook endpoint (its secret shown once)
         * @description Webhook endpoints of the company: owners only.
         */
        post: operations["webhooks_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/webhooks/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a webhook endpoint
         * @description Webhook endpoints of the company: owners only.
         */
        get: operations["webhooks_retrieve"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description Webhook endpoints of the company: owners only.
         */
        delete: operations["webhooks_destroy"];
        options?: never;
        head?: never;
        /**
         * Change or re-enable a webhook endpoint
         * @description Webhook endpoints of the company: owners only.
         */
        patch: operations["webhooks_partial_update"];
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/webhooks/{id}/deliveries/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The delivery log of a webhook endpoint
         * @description Webhook endpoints of the company: owners only.
         */
        get: operations["webhooks_deliveries_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/webhooks/{id}/deliveries/{delivery_id}/replay/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again
         * @description Webhook endpoints of the company: owners only.
         */
        post: operations["webhooks_deliveries_replay_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/webhooks/{id}/replay/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send again every event after a cursor
         * @description Webhook endpoints of the company: owners only.
         */
        post: operations["webhooks_replay_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/t/{tenant_slug}/api/v1/webhooks/{id}/rotate-secret/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook endpoint's secret (shown once)
         * @description Webhook endpoints of the company: owners only.
         */
        post: operations["webhooks_rotate_secret_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Account: {
            code: string;
            name: string;
            type: components["schemas"]["AccountTypeEnum"];
            readonly parent: string | null;
            readonly currency: string | null;
            is_active?: boolean;
        };
        AccountCreateRequest: {
            /** @description 1 to 200 characters in segments separated by ':'; a segment is not empty, neither starts nor ends with a space, and has no '/', tab, line break or other control character. */
            code: string;
            name: string;
            type: components["schemas"]["AccountTypeEnum"];
            parent?: string | null;
            currency?: string | null;
            /**
             * @description Without `parent`: put a colon code under its path's parent (`Assets:Bank` for `Assets:Bank:EUR`), creating the missing ones with the same type.
             * @default false
             */
            create_parents: boolean;
        };
        AccountList: {
            count: number;
            results: components["schemas"]["AccountWithBalance"][];
        };
        /**
         * @description * `asset` - Asset
         *     * `liability` - Liability
         *     * `equity` - Equity
         *     * `income` - Income
         *     * `expense` - Expense
         * @enum {string}
         */
        AccountTypeEnum: "asset" | "liability" | "equity" | "income" | "expense";
        AccountWithBalance: {
            code: string;
            name: string;
            type: components["schemas"]["AccountTypeEnum"];
            readonly parent: string | null;
            readonly currency: string | null;
            is_active?: boolean;
            /** @description Debit-positive balance in the base currency. */
            readonly balance: string;
            /** @description Only with ?tree=1: the sub-accounts. */
            readonly children?: {
                [key: string]: unknown;
            }[];
        };
        AgedItem: {
            type: components["schemas"]["AgedItemTypeEnum"];
            id: number;
            /** @description The document's kind, or the payment's direction. */
            kind: string;
            reference: string;
            contact: number;
            currency: string;
            /** Format: date */
            date: string;
            /** Format: date */
            due_date: string;
            days_overdue: number;
            bucket: string;
            /** @description Negative for a credit. */
            open: string;
            base_open: string;
        };
        /**
         * @description * `document` - document
         *     * `payment` - payment
         * @enum {string}
         */
        AgedItemTypeEnum: "document" | "payment";
        Aging: {
            title: string;
            /** @description The base currency. */
            currency: string;
            meta: {
                [key: string]: string;
            };
            /** @description One per contact and currency. */
            rows: components["schemas"]["AgingRow"][];
            /** @description The total of each currency. */
            currencies: components["schemas"]["AgingRow"][];
            totals: {
                [key: string]: string;
            };
            /** @description With ?contact= only. */
            items?: components["schemas"]["AgedItem"][];
        };
        AgingRow: {
            /** @description Blank on a currency's total row. */
            contact: number | null;
            name: string;
            currency: string;
            /** @description Owed and not yet due. */
            current: string;
            /** @description Owed, 1 to 30 days past due. */
            days_1_30: string;
            days_31_60: string;
            days_61_90: string;
            /** @description Owed, more than 90 days past due. */
            over_90: string;
            /** @description Credit notes and payments not yet allocated (negative). */
            credits: string;
            /** @description The buckets and the credits, in `currency`. */
            total: string;
            /** @description Its booked value in the base currency. */
            base_total: string;
        };
        AllocateRequest: {
            /** Format: date */
            date: string;
            allocations: components["schemas"]["TargetRequest"][];
        };
        Allocation: {
            readonly id: number;
            /** Format: date */
            date: string;
            /** Format: decimal */
            amount: string;
            /** Format: decimal */
            fx_amount?: string;
            readonly settled_with: string;
            readonly entry: number | null;
        };
        Attempt: {
            /** Format: date-time */
            at: string;
            status_code?: number | null;
            error?: string;
            duration_ms?: number;
        };
        AuditEvent: {
            readonly id: number;
            /** Format: date-time */
            readonly at: string;
            /** Format: int64 */
            actor_id?: number | null;
            actor_name?: string;
            action: string;
            object_type: string;
            object_id: string;
            data?: unknown;
        };
        AutoMatch: {
            dry_run: boolean;
            lines: number;
            matched: number;
            booked: number;
            /** @description Lines that settled open documents (a payment each). */
            settled: number;
            left: number;
            /** @description Lines a rule could not book. */
            refused: string[];
            actions: {
                [key: string]: unknown;
            }[];
        };
        BankAccount: {
            readonly id: number;
            readonly account: string;
            name: string;
            /** @description Validated; stored without spaces. */
            iban?: string;
            /** @description When the bank has no IBAN. */
            account_number?: string;
            bic?: string;
            bank_name?: string;
            readonly currency: string;
            is_active?: boolean;
            /**
             * @description Unmatched statement lines.
             * @default 0
             */
            readonly unmatched: number;
            /** Format: date */
            readonly reconciled_to: string | null;
            /** Format: date-time */
            readonly created_at: string;
        };
        BankAccountCreateRequest: {
            /** @description Code of the ledger account (cash and bank). */
            account: string;
            name: string;
            /** @description Default: the account's or base. */
            currency?: string;
            iban?: string;
            account_number?: string;
            bic?: string;
            bank_name?: string;
        };
        BankAccountList: {
            results: components["schemas"]["BankAccount"][];
            count: number;
        };
        BankRule: {
            readonly id: number;
            name?: string;
            bank_account?: number | null;
            /** @description Lower runs first. */
            priority?: number;
            field?: components["schemas"]["FieldEnum"];
            operator?: components["schemas"]["OperatorEnum"];
            pattern: string;
            direction?: components["schemas"]["BankRuleDirectionEnum"];
            /**
             * Format: decimal
             * @example 100.00
             */
            min_amount?: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            max_amount?: string | null;
            counter_account: string;
            tax_code?: string | null;
            /** @description e.g. '{counterparty} {reference}'. */
            memo_template?: string;
            is_active?: boolean;
            /** Format: date-time */
            readonly created_at: string;
        };
        /**
         * @description * `any` - Any
         *     * `in` - In
         *     * `out` - Out
         * @enum {string}
         */
        BankRuleDirectionEnum: "any" | "in" | "out";
        BankRuleRequest: {
            name?: string;
            bank_account?: number | null;
            /** @description Lower runs first. */
            priority?: number;
            field?: components["schemas"]["FieldEnum"];
            operator?: components["schemas"]["OperatorEnum"];
            pattern: string;
            direction?: components["schemas"]["BankRuleDirectionEnum"];
            /**
             * Format: decimal
             * @example 100.00
             */
            min_amount?: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            max_amount?: string | null;
            counter_account: string;
            tax_code?: string | null;
            /** @description e.g. '{counterparty} {reference}'. */
            memo_template?: string;
            is_active?: boolean;
        };
        BookImport: {
            readonly id: number;
            readonly format: string;
            readonly file_name: string;
            readonly size: number;
            readonly status: components["schemas"]["BookImportStatusEnum"];
            /** @description Once succeeded: counts (transactions, created, skipped, left_out), accounts_created, rates_set, notes (what could not be represented), assertions (checked, failed) and balances (per account and currency: source, pyledger, difference, base), and balanced. */
            readonly report: unknown;
            /** @description Once failed: code and message. */
            readonly error: unknown;
            readonly job: number | null;
            /** Format: date-time */
            readonly created_at: string;
            readonly created_by: string;
            /** Format: date-time */
            readonly finished_at: string | null;
        };
        /**
         * @description * `queued` - Queued
         *     * `running` - Running
         *     * `succeeded` - Succeeded
         *     * `failed` - Failed
         * @enum {string}
         */
        BookImportStatusEnum: "queued" | "running" | "succeeded" | "failed";
        /**
         * @description * `beancount` - beancount
         *     * `ledger` - ledger
         *     * `gnucash` - gnucash
         * @enum {string}
         */
        BookUploadFormatEnum: "beancount" | "ledger" | "gnucash";
        BookUploadRequest: {
            /**
             * Format: binary
             * @description A Beancount file, or an hledger / ledger-cli journal (UTF-8).
             */
            file: string;
            /**
             * @description The file's format.
             *
             *     * `beancount` - beancount
             *     * `ledger` - ledger
             *     * `gnucash` - gnucash
             */
            format: components["schemas"]["BookUploadFormatEnum"];
        };
        Box: {
            key: string;
            label: string;
            /** @description For computed boxes, e.g. '3 - 4'; blank otherwise. */
            formula: string;
        };
        BoxLine: {
            entry_id: number;
            entry: string;
            /** Format: date */
            date: string;
            reference: string;
            source: string;
            account: string;
            account_name: string;
            tax_code: string;
            component: string;
            side: string;
            amount: string;
            currency: string;
            base_amount: string;
            /** @description What the line adds to the box, in the base currency. */
            signed: string;
            description: string;
        };
        BoxLinesReport: {
            title: string;
            currency: string;
            /** @description As the boxes' meta, plus box, label, formula, limit, offset, next_offset. */
            meta: {
                [key: string]: unknown;
            };
            rows: components["schemas"]["BoxLine"][];
            totals: {
                [key: string]: string;
            };
        };
        Company: {
            slug: string;
            name: string;
            role: components["schemas"]["RoleEnum"];
            base_currency: string;
            status: string;
        };
        Contact: {
            readonly id: number;
            name: string;
            is_customer?: boolean;
            is_vendor?: boolean;
            tax_id?: string;
            email?: string;
            address?: string;
            country?: string;
            readonly currency: string | null;
            payment_terms_days?: number;
            readonly revenue_account: string | null;
            readonly expense_account: string | null;
            readonly tax_code: string | null;
            is_archived?: boolean;
            /** Format: date-time */
            readonly created_at: string;
        };
        /** @description Codes for the currency, accounts and tax code; blank clears them. */
        ContactInRequest: {
            name: string;
            is_customer?: boolean;
            is_vendor?: boolean;
            tax_id?: string;
            email?: string;
            address?: string;
            country?: string;
            currency?: string | null;
            payment_terms_days?: number;
            revenue_account?: string | null;
            expense_account?: string | null;
            tax_code?: string | null;
            is_archived?: boolean;
        };
        ContactStatement: {
            title: string;
            contact: {
                [key: string]: unknown;
            };
            party: components["schemas"]["ContactStatementPartyEnum"];
            meta: {
                [key: string]: string;
            };
            currencies: components["schemas"]["StatementSection"][];
        };
        ContactStatementLine: {
            currency: string;
            /** Format: date */
            date: string;
            type: components["schemas"]["ContactStatementLineTypeEnum"];
            /** @description The document's kind, or the payment's direction. */
            kind: string;
            id: number | null;
            reference: string;
            /** Format: date */
            due_date: string | null;
            /** @description Positive adds to what is owed, negative takes from it. */
            amount: string;
            /** @description What is owed after this line. */
            balance: string;
        };
        /**
         * @description * `opening` - opening
         *     * `document` - document
         *     * `payment` - payment
         *     * `closing` - closing
         * @enum {string}
         */
        ContactStatementLineTypeEnum: "opening" | "document" | "payment" | "closing";
        /**
         * @description * `customer` - customer
         *     * `vendor` - vendor
         * @enum {string}
         */
        ContactStatementPartyEnum: "customer" | "vendor";
        CreateEntryRequest: {
            lines: components["schemas"]["SplitRequest"][];
            memo?: string;
        };
        CredentialsRequest: {
            username: string;
            password: string;
        };
        CreditRequest: {
            /**
             * Format: date
             * @description Left out: today.
             */
            issue_date?: string;
            /** @default  */
            memo: string;
            /** @description Left out: every line of the original. */
            lines?: components["schemas"]["DocumentLineInRequest"][];
        };
        CsvProfile: {
            readonly id: number;
            bank_account?: number | null;
            name: string;
            delimiter?: string;
            encoding?: string;
            skip_rows?: number;
            has_header?: boolean;
            date_format?: string;
            decimal_separator?: string;
            thousands_separator?: string;
            /** @description Field name → column header (or index). */
            columns?: unknown;
        };
        CsvProfileRequest: {
            bank_account?: number | null;
            name: string;
            delimiter?: string;
            encoding?: string;
            skip_rows?: number;
            has_header?: boolean;
            date_format?: string;
            decimal_separator?: string;
            thousands_separator?: string;
            /** @description Field name → column header (or index). */
            columns?: unknown;
        };
        Delivery: {
            readonly id: number;
            /** Format: uuid */
            event_id: string;
            event_type: string;
            cursor: number;
            readonly status: components["schemas"]["DeliveryStatusEnum"];
            readonly attempts: number;
            /** Format: date-time */
            readonly next_attempt_at: string;
            readonly last_status_code: number | null;
            readonly last_error: string;
            /** Format: date-time */
            readonly last_attempt_at: string | null;
            /** Format: date-time */
            readonly delivered_at: string | null;
            /** @description Attempts, newest first. */
            log: components["schemas"]["Attempt"][];
        };
        /**
         * @description * `pending` - Pending
         *     * `succeeded` - Succeeded
         *     * `failed` - Failed
         * @enum {string}
         */
        DeliveryStatusEnum: "pending" | "succeeded" | "failed";
        Document: {
            readonly id: number;
            kind: components["schemas"]["KindEnum"];
            /**
             * @description Given when issued, gapless per kind and year.
             * @default
             */
            number: string;
            status?: components["schemas"]["DocumentStatusEnum"];
            contact: number;
            readonly contact_name: string;
            /** @description The vendor's own number. */
            vendor_reference?: string;
            /** Format: date */
            issue_date: string;
            /** Format: date */
            due_date: string;
            readonly currency: string;
            /**
             * Format: decimal
             * @description Set when issued.
             */
            exchange_rate?: string | null;
            memo?: string;
            readonly original: number | null;
            readonly entry: number | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly net_total: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly tax_total: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly total: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly open_amount: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly base_total: string;
            readonly lines: components["schemas"]["DocumentLine"][];
            readonly allocations: components["schemas"]["Allocation"][];
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            issued_at?: string | null;
        };
        DocumentInRequest: {
            contact: number;
            /** Format: date */
            issue_date: string;
            /**
             * Format: date
             * @description Left out: the contact's payment terms.
             */
            due_date?: string | null;
            currency?: string;
            /** @default  */
            memo: string;
            /** @default  */
            vendor_reference: string;
            lines: components["schemas"]["DocumentLineInRequest"][];
            /**
             * @description issued: number and post it now.
             *
             *     * `draft` - draft
             *     * `issued` - issued
             * @default draft
             */
            status: components["schemas"]["NewDocumentStatusEnum"];
        };
        DocumentLine: {
            line_no: number;
            description: string;
            /** Format: decimal */
            quantity?: string;
            /** Format: decimal */
            unit_price: string;
            /** Format: decimal */
            discount_percent?: string;
            readonly account: string;
            readonly tax_code: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly net_amount: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly tax_amount: string | null;
        };
        DocumentLineInRequest: {
            description: string;
            /**
             * Format: decimal
             * @default 1
             * @example 100.00
             */
            quantity: string;
            /**
             * Format: decimal
             * @example 100.00
             */
            unit_price: string;
            /**
             * Format: decimal
             * @default 0
             * @example 100.00
             */
            discount_percent: string;
            account?: string | null;
            /** @description Left out: the contact's default tax code. Blank or null: no tax. */
            tax_code?: string | null;
            /**
             * Format: decimal
             * @description Bills: the vendor's own figure, checked against the rate.
             * @example 100.00
             */
            tax_amount?: string;
        };
        DocumentList: {
            readonly id: number;
            kind: components["schemas"]["KindEnum"];
            /**
             * @description Given when issued, gapless per kind and year.
             * @default
             */
            number: string;
            status?: components["schemas"]["DocumentStatusEnum"];
            contact: number;
            readonly contact_name: string;
            /** @description The vendor's own number. */
            vendor_reference?: string;
            /** Format: date */
            issue_date: string;
            /** Format: date */
            due_date: string;
            readonly currency: string;
            /**
             * Format: decimal
             * @description Set when issued.
             */
            exchange_rate?: string | null;
            memo?: string;
            readonly original: number | null;
            readonly entry: number | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly net_total: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly tax_total: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly total: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly open_amount: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly base_total: string;
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            issued_at?: string | null;
        };
        DocumentSeries: {
            readonly id: number;
            readonly kind: string;
            readonly year: number;
            prefix: string;
            readonly last_number: number;
            readonly next_number: string;
        };
        /**
         * @description * `draft` - Draft
         *     * `issued` - Issued
         *     * `partly_paid` - Partly Paid
         *     * `paid` - Paid
         * @enum {string}
         */
        DocumentStatusEnum: "draft" | "issued" | "partly_paid" | "paid";
        DocumentSuggestion: {
            contact: number;
            contact_name: string;
            /** @description What the line pays of the documents together. */
            amount: string;
            /** Format: double */
            score: number;
            reasons: string[];
            documents: components["schemas"]["SuggestedDocument"][];
        };
        DocumentSuggestionList: {
            count: number;
            results: components["schemas"]["DocumentSuggestion"][];
        };
        Endpoint: {
            readonly id: number;
            /** Format: uri */
            readonly url: string;
            readonly description: string;
            /** @description Empty: every type. */
            event_types: string[];
            readonly is_active: boolean;
            readonly disabled_reason: string;
            readonly consecutive_failures: number;
            /** Format: date-time */
            readonly created_at: string;
        };
        EndpointCreateRequest: {
            url: string;
            event_types?: components["schemas"]["EventTypeEnum"][];
            description?: string;
        };
        EndpointWithSecret: {
            readonly id: number;
            /** Format: uri */
            readonly url: string;
            readonly description: string;
            /** @description Empty: every type. */
            event_types: string[];
            readonly is_active: boolean;
            readonly disabled_reason: string;
            readonly consecutive_failures: number;
            /** Format: date-time */
            readonly created_at: string;
            /** @description Shown this once: keep it to verify signatures. */
            secret: string;
        };
        EntryInRequest: {
            /** Format: date */
            date: string;
            /** @default  */
            memo: string;
            /** @default  */
            reference: string;
            /** @default draft */
            status: components["schemas"]["EntryInStatusEnum"];
            lines: components["schemas"]["LineInRequest"][];
        };
        /**
         * @description * `draft` - draft
         *     * `posted` - posted
         * @enum {string}
         */
        EntryInStatusEnum: "draft" | "posted";
        EntryOut: {
            readonly id: number;
            /** @description Gapless per fiscal year. */
            number?: number | null;
            /** @description The number to quote: FY2026-394 (posted), Draft 427 (a draft, by id). */
            readonly label: string;
            /** Format: date */
            date: string;
            readonly fiscal_year: string;
            readonly period: string;
            memo?: string;
            reference?: string;
            status?: components["schemas"]["EntryStatusEnum"];
            /** Format: date-time */
            readonly created_at: string;
            readonly created_by: string;
            /** Format: date-time */
            posted_at?: string | null;
            readonly posted_by: string;
            readonly reversal_of: number;
            readonly reversed_by: number | null;
            readonly hash: string;
            readonly lines: {
                [key: string]: unknown;
            }[];
        };
        /**
         * @description * `draft` - Draft
         *     * `posted` - Posted
         *     * `reversed` - Reversed
         * @enum {string}
         */
        EntryStatusEnum: "draft" | "posted" | "reversed";
        EntryUpdateRequest: {
            /** Format: date */
            date: string;
            /** @default  */
            memo: string;
            /** @default  */
            reference: string;
            lines: components["schemas"]["LineInRequest"][];
        };
        Event: {
            /**
             * Format: uuid
             * @description Stable: the same in the feed, in webhooks and in their retries.
             */
            id: string;
            /** @description Increasing per company: resume the feed with after=<cursor>. */
            cursor: number;
            type: components["schemas"]["EventTypeEnum"];
            /** Format: date-time */
            occurred_at: string;
            /** @description Ids and essentials of what changed; see docs/events.md. */
            payload: unknown;
        };
        EventPage: {
            events: components["schemas"]["Event"][];
            /** @description Pass as after= to get the next page. */
            next_after: number;
            has_more: boolean;
        };
        /**
         * @description * `entry.posted` - entry.posted
         *     * `entry.reversed` - entry.reversed
         *     * `period.closed` - period.closed
         *     * `period.reopened` - period.reopened
         *     * `fiscal_year.closed` - fiscal_year.closed
         *     * `fiscal_year.reopened` - fiscal_year.reopened
         *     * `account.created` - account.created
         *     * `account.updated` - account.updated
         *     * `account.deleted` - account.deleted
         *     * `member.added` - member.added
         *     * `member.role_changed` - member.role_changed
         *     * `member.removed` - member.removed
         *     * `statement.imported` - statement.imported
         *     * `document.issued` - document.issued
         *     * `payment.received` - payment.received
         *     * `payment.made` - payment.made
         * @enum {string}
         */
        EventTypeEnum: "entry.posted" | "entry.reversed" | "period.closed" | "period.reopened" | "fiscal_year.closed" | "fiscal_year.reopened" | "account.created" | "account.updated" | "account.deleted" | "member.added" | "member.role_changed" | "member.removed" | "statement.imported" | "document.issued" | "payment.received" | "payment.made";
        ExchangeRate: {
            currency: string;
            /** Format: date */
            date: string;
            /**
             * Format: decimal
             * @example 100.00
             */
            rate: string;
        };
        ExchangeRateRequest: {
            currency: string;
            /** Format: date */
            date: string;
            /**
             * Format: decimal
             * @example 100.00
             */
            rate: string;
        };
        /**
         * @description * `any` - Any
         *     * `counterparty` - Counterparty
         *     * `reference` - Reference
         *     * `description` - Description
         * @enum {string}
         */
        FieldEnum: "any" | "counterparty" | "reference" | "description";
        FiscalPeriod: {
            readonly id: number;
            readonly fiscal_year: string;
            number: number;
            /** Format: date */
            start_date: string;
            /** Format: date */
            end_date: string;
            status?: components["schemas"]["PeriodStatusEnum"];
        };
        FiscalYear: {
            readonly id: number;
            readonly name: string;
            /** Format: date */
            start_date: string;
            /** Format: date */
            end_date: string;
            status?: components["schemas"]["PeriodStatusEnum"];
            /** Format: date-time */
            closed_at?: string | null;
        };
        FiscalYearCreateRequest: {
            /**
             * Format: date
             * @description A day of the year to open; the company's start month sets its bounds.
             */
            date: string;
        };
        /**
         * @description * `weekly` - Weekly
         *     * `monthly` - Monthly
         *     * `quarterly` - Quarterly
         *     * `yearly` - Yearly
         * @enum {string}
         */
        FrequencyEnum: "weekly" | "monthly" | "quarterly" | "yearly";
        GeneralLedger: {
            title: string;
            currency: string;
            meta: {
                [key: string]: string;
            };
            rows: components["schemas"]["LedgerLine"][];
            totals: {
                [key: string]: string;
            };
        };
        IgnoreRequest: {
            reason: string;
        };
        ImportResult: {
            statements: components["schemas"]["Statement"][];
            lines: number;
            added: number;
            duplicates: number;
        };
        InvoicingSettings: {
            readonly receivable_account: string;
            readonly payable_account: string;
            readonly trading_account: string;
            tax_rounding?: components["schemas"]["TaxRoundingEnum"];
            /** @description Printed on invoices: bank, IBAN, terms. */
            payment_details?: string;
            /** @description Printed under the company's name. */
            company_address?: string;
            /** @description VAT or tax number, printed. */
            company_tax_id?: string;
            company_email?: string;
            readonly has_logo: boolean;
        };
        IssueRequest: {
            /**
             * Format: decimal
             * @description Left out: the rate recorded for the issue date.
             * @example 100.00
             */
            exchange_rate?: string;
        };
        Job: {
            readonly id: number;
            readonly task: string;
            readonly status: components["schemas"]["JobStatusEnum"];
            readonly progress: {
                [key: string]: number | null;
            };
            readonly result: unknown;
            /** @description The last failure (`waiting`: the attempt that will be retried; `failed`: for good). */
            readonly error: {
                [key: string]: string;
            } | null;
            readonly attempts: number;
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            readonly started_at: string | null;
            /** Format: date-time */
            readonly finished_at: string | null;
            /** Format: date-time */
            readonly retry_at: string | null;
            readonly url: string;
            /** @description Where the job's file is downloaded (a report export), once it has succeeded; null before, for jobs that make none, and once the file has expired. */
            readonly download_url: string | null;
            /** Format: date-time */
            download_expires_at: string | null;
        };
        /**
         * @description * `queued` - Queued
         *     * `running` - Running
         *     * `waiting` - Waiting
         *     * `succeeded` - Succeeded
         *     * `failed` - Failed
         * @enum {string}
         */
        JobStatusEnum: "queued" | "running" | "waiting" | "succeeded" | "failed";
        /**
         * @description * `invoice` - Invoice
         *     * `credit_note` - Credit Note
         *     * `bill` - Bill
         *     * `vendor_credit` - Vendor Credit
         * @enum {string}
         */
        KindEnum: "invoice" | "credit_note" | "bill" | "vendor_credit";
        LedgerLine: {
            /** Format: date */
            date: string;
            entry: number;
            number: number | null;
            reference: string;
            memo: string;
            description: string;
            currency: string;
            amount: string;
            debit: string;
            credit: string;
            balance: string;
        };
        LineInRequest: {
            account: string;
            /**
             * Format: decimal
             * @example 100.00
             */
            debit?: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            credit?: string | null;
            currency?: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            exchange_rate?: string | null;
            tax_code?: string | null;
            /** @default  */
            description: string;
        };
        LogoUploadRequest: {
            /**
             * Format: binary
             * @description PNG, JPEG or SVG, at most 512 KiB.
             */
            file: string;
        };
        MappingOut: {
            tax_code: string;
            /** @description Component (sales_net, output_tax, purchases_net, input_tax) -> box keys; {} keeps the code out of the scheme. */
            boxes: {
                [key: string]: string[];
            };
            rate: string;
            /** @description False: the scheme's default for the code. */
            custom: boolean;
        };
        MappingRequest: {
            tax_code: string;
            /** @description Component (sales_net, output_tax, purchases_net, input_tax) -> box keys; {} keeps the code out of the scheme. */
            boxes: {
                [key: string]: string[];
            };
        };
        MatchRequest: {
            entries: number[];
            /** @description Further lines matched together with this one (several lines to one entry). */
            lines?: number[];
        };
        Me: {
            id: number;
            username: string;
            is_staff: boolean;
            companies: components["schemas"]["Company"][];
        };
        Member: {
            readonly id: number;
            readonly username: string;
            role?: components["schemas"]["RoleEnum"];
            /** Format: date-time */
            readonly created_at: string;
        };
        MemberCreateRequest: {
            username: string;
            role: components["schemas"]["RoleEnum"];
        };
        Month: {
            /** @description YYYY-MM */
            month: string;
            /**
             * Format: date
             * @description The month's first day within the range.
             */
            start: string;
            /**
             * Format: date
             * @description The month's last day within the range.
             */
            end: string;
        };
        Monthly: {
            title: string;
            currency: string;
            meta: {
                [key: string]: string;
            };
            months: components["schemas"]["Month"][];
            rows: components["schemas"]["MonthlyRow"][];
            /** @description income, expenses and net_income per month, on their natural side. */
            totals: {
                [key: string]: string[];
            };
        };
        MonthlyRow: {
            code: string;
            name: string;
            type: string;
            parent: string | null;
            /** @description Balance before the range, debit-positive. */
            opening: string;
            /** @description Net movement per month, debit-positive; income and expense leave year-end closes out. */
            movements: string[];
            /** @description Balance at the end of the range, debit-positive: the trial balance's net. */
            closing: string;
        };
        /**
         * @description * `draft` - draft
         *     * `issued` - issued
         * @enum {string}
         */
        NewDocumentStatusEnum: "draft" | "issued";
        Occurrence: {
            readonly id: number;
            /** Format: date */
            date: string;
            readonly status: components["schemas"]["OccurrenceStatusEnum"];
            entry: number | null;
            readonly entry_label: string | null;
            readonly entry_status: string | null;
            readonly error_code: string;
            readonly error: string;
            readonly attempts: number;
            /** Format: date-time */
            readonly updated_at: string;
        };
        /**
         * @description * `posted` - Posted
         *     * `draft` - Draft
         *     * `failed` - Failed
         * @enum {string}
         */
        OccurrenceStatusEnum: "posted" | "draft" | "failed";
        /**
         * @description * `original_date` - original_date
         *     * `next_period` - next_period
         * @enum {string}
         */
        OnEnum: "original_date" | "next_period";
        /**
         * @description * `contains` - Contains
         *     * `regex` - Regex
         * @enum {string}
         */
        OperatorEnum: "contains" | "regex";
        PaginatedAuditEventList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["AuditEvent"][];
        };
        PaginatedBookImportList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["BookImport"][];
        };
        PaginatedContactList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["Contact"][];
        };
        PaginatedDeliveryList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["Delivery"][];
        };
        PaginatedDocumentListList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["DocumentList"][];
        };
        PaginatedDocumentSeriesList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["DocumentSeries"][];
        };
        PaginatedEntryOutList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["EntryOut"][];
        };
        PaginatedExchangeRateList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["ExchangeRate"][];
        };
        PaginatedJobList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["Job"][];
        };
        PaginatedPaymentList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["Payment"][];
        };
        PaginatedRevaluationList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["Revaluation"][];
        };
        PaginatedStatementLineList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["StatementLine"][];
        };
        PaginatedTaxReturnList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["TaxReturn"][];
        };
        /**
         * @description * `customer` - Customer
         *     * `vendor` - Vendor
         * @enum {string}
         */
        PartyEnum: "customer" | "vendor";
        PatchedAccountUpdateRequest: {
            name?: string;
            parent?: string;
            currency?: string;
            is_active?: boolean;
        };
        PatchedBankAccountUpdateRequest: {
            name?: string;
            iban?: string;
            account_number?: string;
            bic?: string;
            bank_name?: string;
            is_active?: boolean;
        };
        PatchedBankRuleRequest: {
            name?: string;
            bank_account?: number | null;
            /** @description Lower runs first. */
            priority?: number;
            field?: components["schemas"]["FieldEnum"];
            operator?: components["schemas"]["OperatorEnum"];
            pattern?: string;
            direction?: components["schemas"]["BankRuleDirectionEnum"];
            /**
             * Format: decimal
             * @example 100.00
             */
            min_amount?: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            max_amount?: string | null;
            counter_account?: string;
            tax_code?: string | null;
            /** @description e.g. '{counterparty} {reference}'. */
            memo_template?: string;
            is_active?: boolean;
        };
        /** @description Codes for the currency, accounts and tax code; blank clears them. */
        PatchedContactInRequest: {
            name?: string;
            is_customer?: boolean;
            is_vendor?: boolean;
            tax_id?: string;
            email?: string;
            address?: string;
            country?: string;
            currency?: string | null;
            payment_terms_days?: number;
            revenue_account?: string | null;
            expense_account?: string | null;
            tax_code?: string | null;
            is_archived?: boolean;
        };
        PatchedCsvProfileRequest: {
            bank_account?: number | null;
            name?: string;
            delimiter?: string;
            encoding?: string;
            skip_rows?: number;
            has_header?: boolean;
            date_format?: string;
            decimal_separator?: string;
            thousands_separator?: string;
            /** @description Field name → column header (or index). */
            columns?: unknown;
        };
        PatchedEndpointUpdateRequest: {
            url?: string;
            event_types?: components["schemas"]["EventTypeEnum"][];
            description?: string;
            /** @description true enables a disabled endpoint again. */
            is_active?: boolean;
        };
        PatchedInvoicingSettingsInRequest: {
            tax_rounding?: components["schemas"]["TaxRoundingEnum"];
            payment_details?: string;
            company_address?: string;
            company_tax_id?: string;
            company_email?: string;
        };
        PatchedMemberUpdateRequest: {
            role?: components["schemas"]["RoleEnum"];
        };
        PatchedRecurringEntryRequest: {
            name?: string;
            memo?: string;
            reference?: string;
            lines?: components["schemas"]["TemplateLineRequest"][];
            /** @description Post each entry; otherwise leave it a draft. */
            post?: boolean;
            frequency?: components["schemas"]["FrequencyEnum"];
            interval?: number;
            day?: number | null;
            /** Format: date */
            start_date?: string;
            /** Format: date */
            end_date?: string | null;
        };
        Payment: {
            readonly id: number;
            direction: components["schemas"]["PaymentDirectionEnum"];
            party: components["schemas"]["PartyEnum"];
            contact: number;
            readonly contact_name: string;
            /** Format: date */
            date: string;
            readonly account: string;
            readonly currency: string;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly amount: string | null;
            /** Format: decimal */
            exchange_rate: string;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly base_amount: string;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly open_amount: string | null;
            /**
             * Format: decimal
             * @description From (or into) a bank account in another currency: what the bank moved, in its currency.
             * @example 1180.00
             */
            readonly bank_amount: string | null;
            readonly bank_currency: string | null;
            reference?: string;
            memo?: string;
            readonly entry: number;
            readonly allocations: components["schemas"]["Allocation"][];
            /** Format: date-time */
            readonly created_at: string;
        };
        /**
         * @description * `received` - Received
         *     * `paid` - Paid
         * @enum {string}
         */
        PaymentDirectionEnum: "received" | "paid";
        PaymentInRequest: {
            direction: components["schemas"]["PaymentDirectionEnum"];
            party: components["schemas"]["PartyEnum"];
            contact: number;
            /** Format: date */
            date: string;
            /** @description The bank or cash account's code. */
            account: string;
            /**
             * Format: decimal
             * @description In the payment's currency; from a bank account in another currency than the documents', what the bank moved, in the account's currency.
             * @example 100.00
             */
            amount: string;
            /** @description Left out: the documents' currency. */
            currency?: string;
            /**
             * Format: decimal
             * @description Left out: the rate recorded for the date (of the bank account's currency when it differs from the documents').
             * @example 100.00
             */
            exchange_rate?: string;
            allocations?: components["schemas"]["TargetRequest"][];
            /** @default  */
            reference: string;
            /** @default  */
            memo: string;
        };
        /**
         * @description * `open` - Open
         *     * `closed` - Closed
         * @enum {string}
         */
        PeriodStatusEnum: "open" | "closed";
        ReasonRequest: {
            /** @default  */
            reason: string;
        };
        RecurringEntry: {
            readonly id: number;
            name: string;
            memo?: string;
            reference?: string;
            lines: components["schemas"]["TemplateLine"][];
            /** @description Post each entry; otherwise leave it a draft. */
            post?: boolean;
            frequency: components["schemas"]["FrequencyEnum"];
            interval?: number;
            day?: number | null;
            /** Format: date */
            start_date: string;
            /** Format: date */
            end_date?: string | null;
            readonly paused: boolean;
            /**
             * Format: date
             * @description The first date not tried yet; none when ended.
             */
            readonly next_run: string | null;
            /** @description The next five dates to book (none while paused). */
            readonly upcoming: string[];
            /** @description Dates that failed and are tried again by the next run. */
            readonly failed: number;
            readonly created_by_name: string;
            /** Format: date-time */
            readonly created_at: string;
        };
        RecurringEntryRequest: {
            name: string;
            memo?: string;
            reference?: string;
            lines: components["schemas"]["TemplateLineRequest"][];
            /** @description Post each entry; otherwise leave it a draft. */
            post?: boolean;
            frequency: components["schemas"]["FrequencyEnum"];
            interval?: number;
            day?: number | null;
            /** Format: date */
            start_date: string;
            /** Format: date */
            end_date?: string | null;
        };
        RecurringRun: {
            booked: components["schemas"]["Occurrence"][];
            failed: components["schemas"]["Occurrence"][];
            template: components["schemas"]["RecurringEntry"];
        };
        ReplayRequest: {
            /** @description Send again every kept event above this cursor. */
            after: number;
        };
        Replayed: {
            replayed: number;
        };
        Report: {
            title: string;
            currency: string;
            meta: {
                [key: string]: string;
            };
            rows: components["schemas"]["ReportRow"][];
            totals: {
                [key: string]: string;
            };
        };
        ReportRow: {
            code: string;
            name: string;
            type: string;
            parent: string | null;
            debit: string;
            credit: string;
            /** @description On the account's natural side: liability, equity and income credit balances are positive. */
            balance: string;
        };
        Revaluation: {
            readonly id: number;
            /** Format: date */
            as_of: string;
            readonly entry: number | null;
            readonly reversal: number | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly difference: string;
            readonly lines: components["schemas"]["Revalued"][];
            /** Format: date-time */
            readonly created_at: string;
            created_by_name?: string;
        };
        RevaluationInRequest: {
            /** Format: date */
            as_of: string;
        };
        RevaluationPreview: {
            /** Format: date */
            as_of: string;
            lines: components["schemas"]["Revalued"][];
        };
        Revalued: {
            account: string;
            currency: string;
            /** @description In the currency; debit positive. */
            balance: string;
            /** @description Its base value in the books. */
            booked: string;
            rate: string;
            /** @description Its base value at the rate. */
            revalued: string;
            /** @description revalued - booked. */
            difference: string;
        };
        ReverseRequest: {
            /**
             * Format: date
             * @description The reversal's date; without it, `on` decides.
             */
            date?: string;
            /**
             * @description Without `date`: the original entry's date (a correction), or the first day of the period after the original's (an accrual reversed when the next period opens).
             *
             *     * `original_date` - original_date
             *     * `next_period` - next_period
             * @default original_date
             */
            on: components["schemas"]["OnEnum"];
            /** @default  */
            memo: string;
        };
        /**
         * @description * `owner` - Owner
         *     * `accountant` - Accountant
         *     * `viewer` - Viewer
         * @enum {string}
         */
        RoleEnum: "owner" | "accountant" | "viewer";
        RuleFromLineRequest: {
            counter_account: string;
            tax_code?: string | null;
            name?: string;
        };
        ScheduleDates: {
            dates: string[];
        };
        SchedulePreviewInRequest: {
            frequency: components["schemas"]["FrequencyEnum"];
            /** @default 1 */
            interval: number;
            /** @description Day of the month; 31: the last day. */
            day?: number | null;
            /** Format: date */
            start_date: string;
            /** Format: date */
            end_date?: string | null;
            /** @default 12 */
            count: number;
        };
        Scheme: {
            key: string;
            name: string;
            /** @description The box of what is owed (negative: reclaimable). */
            payable: string;
            /** @description Whether owners may change which codes fill its boxes. */
            editable: boolean;
            boxes: components["schemas"]["Box"][];
            mappings: components["schemas"]["MappingOut"][];
        };
        SeriesPrefixRequest: {
            kind: components["schemas"]["KindEnum"];
            year: number;
            prefix: string;
        };
        Session: {
            csrf_token: string;
            user: components["schemas"]["Me"] | null;
        };
        SettleDocumentRequest: {
            /** Format: int64 */
            document: number;
            /**
             * Format: decimal
             * @description Left out: as much as the line has left, oldest first.
             * @example 100.00
             */
            amount?: string;
        };
        SettleRequest: {
            documents?: components["schemas"]["SettleDocumentRequest"][];
            /**
             * Format: int64
             * @description Required without documents: who paid.
             */
            contact?: number | null;
        };
        SettlementLine: {
            account: string;
            account_name: string;
            debit: string | null;
            credit: string | null;
        };
        SplitRequest: {
            account: string;
            /**
             * Format: decimal
             * @description Gross, positive, in the bank account's currency.
             * @example 100.00
             */
            amount: string;
            tax_code?: string | null;
            description?: string;
        };
        Statement: {
            readonly id: number;
            bank_account: number;
            format: string;
            file_name?: string;
            file_hash: string;
            /**
             * @description Position in a multi-statement file.
             * @default 0
             */
            part: number;
            statement_id?: string;
            /** Format: date */
            period_start?: string | null;
            /** Format: date */
            period_end?: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly opening_balance: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly closing_balance: string | null;
            lines_total?: number;
            lines_added?: number;
            /** Format: date-time */
            readonly imported_at: string;
            imported_by_name?: string;
            /** Format: date-time */
            reconciled_at?: string | null;
            reconciled_by_name?: string;
            readonly unmatched: number | null;
        };
        StatementLine: {
            readonly id: number;
            statement: number;
            bank_account: number;
            /** Format: date */
            booking_date: string;
            /** Format: date */
            value_date?: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            readonly amount: string | null;
            readonly currency: string;
            counterparty_name?: string;
            counterparty_account?: string;
            reference?: string;
            description?: string;
            transaction_id?: string;
            bank_code?: string;
            status?: components["schemas"]["StatementLineStatusEnum"];
            match?: number | null;
            readonly entries: number[];
            readonly created_entry: number | null;
            ignore_reason?: string;
        };
        StatementLineSettled: {
            line: components["schemas"]["StatementLine"];
            payment: components["schemas"]["Payment"];
        };
        /**
         * @description * `unmatched` - Unmatched
         *     * `matched` - Matched
         *     * `ignored` - Ignored
         * @enum {string}
         */
        StatementLineStatusEnum: "unmatched" | "matched" | "ignored";
        StatementList: {
            results: components["schemas"]["Statement"][];
            count: number;
        };
        StatementSection: {
            currency: string;
            opening: string;
            closing: string;
            lines: components["schemas"]["ContactStatementLine"][];
        };
        /**
         * @description * `camt053` - camt053
         *     * `ofx` - ofx
         *     * `mt940` - mt940
         *     * `csv` - csv
         * @enum {string}
         */
        StatementUploadFormatEnum: "camt053" | "ofx" | "mt940" | "csv";
        StatementUploadRequest: {
            /**
             * Format: binary
             * @description The bank's file: CAMT.053, OFX/QFX, MT940 or CSV.
             */
            file: string;
            /**
             * @description Default: detected from content.
             *
             *     * `camt053` - camt053
             *     * `ofx` - ofx
             *     * `mt940` - mt940
             *     * `csv` - csv
             */
            format?: components["schemas"]["StatementUploadFormatEnum"];
            /** @description CSV profile id (CSV files only). */
            profile?: number;
        };
        SuggestedDocument: {
            document: number;
            kind: string;
            number: string;
            vendor_reference: string;
            /** Format: date */
            due_date: string;
            open_amount: string;
            /** @description What the line pays of it. */
            amount: string;
        };
        Suggestion: {
            entry: number;
            number: number | null;
            /** Format: date */
            date: string;
            amount: string;
            memo: string;
            reference: string;
            /** Format: double */
            score: number;
            reasons: string[];
        };
        SuggestionList: {
            results: components["schemas"]["Suggestion"][];
            count: number;
        };
        TargetRequest: {
            document?: number | null;
            /** @description Another payment: a refund. */
            payment?: number | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            amount: string;
        };
        TaxCode: {
            code: string;
            name: string;
            /**
             * Format: decimal
             * @description Percent.
             */
            rate: string;
            /** Format: date */
            valid_from?: string | null;
            /** Format: date */
            valid_to?: string | null;
            readonly account: string | null;
            is_active?: boolean;
        };
        /** @description A filed return as it was filed. */
        TaxReturn: {
            readonly id: number;
            scheme: string;
            /** Format: date */
            readonly period_from: string;
            /** Format: date */
            readonly period_to: string;
            currency: string;
            readonly boxes: {
                [key: string]: string;
            }[];
            readonly tax_codes: string[];
            readonly payable: string | null;
            readonly payable_account: string;
            readonly entry: number | null;
            readonly entry_label: string | null;
            /** Format: date-time */
            readonly filed_at: string;
            /** Format: int64 */
            filed_by_id?: number | null;
            filed_by_name?: string;
        };
        TaxReturnAnswer: components["schemas"]["TaxReturnReport"] | components["schemas"]["BoxLinesReport"];
        TaxReturnBox: {
            key: string;
            label: string;
            amount: string;
            /** @description Journal lines behind the box (0 for computed boxes). */
            lines: number;
            formula: string;
            /** @description The URL of the lines behind the box. */
            drill_down: string | null;
        };
        TaxReturnFileRequest: {
            scheme: string;
            /** Format: date */
            period_from: string;
            /** Format: date */
            period_to: string;
        };
        TaxReturnReport: {
            title: string;
            currency: string;
            /** @description scheme, scheme_name, from, to, payable_box, tax_codes, tax_accounts, and filed_through: the covered codes already filed, with the day they are filed through. */
            meta: {
                [key: string]: unknown;
            };
            rows: components["schemas"]["TaxReturnBox"][];
            totals: {
                [key: string]: string;
            };
            /** @description The lines filing this return would post (dated `to`); empty: nothing to settle. */
            settlement: components["schemas"]["SettlementLine"][];
        };
        /**
         * @description * `line` - Line
         *     * `document` - Document
         * @enum {string}
         */
        TaxRoundingEnum: "line" | "document";
        TemplateLine: {
            account: string;
            /**
             * Format: decimal
             * @example 100.00
             */
            debit?: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            credit?: string | null;
            currency?: string | null;
            tax_code?: string | null;
            /** @default  */
            description: string;
        };
        TemplateLineRequest: {
            account: string;
            /**
             * Format: decimal
             * @example 100.00
             */
            debit?: string | null;
            /**
             * Format: decimal
             * @example 100.00
             */
            credit?: string | null;
            currency?: string | null;
            tax_code?: string | null;
            /** @default  */
            description: string;
        };
        Token: {
            token: string;
            /** Format: date-time */
            expiry: string | null;
        };
        TrialBalance: {
            title: string;
            currency: string;
            meta: {
                [key: string]: string;
            };
            rows: components["schemas"]["TrialBalanceRow"][];
            totals: {
                [key: string]: string;
            };
        };
        TrialBalanceRow: {
            code: string;
            name: string;
            type: string;
            parent: string | null;
            debit: string;
            credit: string;
            /** @description debit - credit: a credit balance is negative. */
            net: string;
        };
        /** @description Every error answer: a stable snake_case code, a message for people, and the inputs that were wrong (empty when none). The codes are listed in docs/api.md. */
        Error: {
            /** @example unbalanced_entry */
            code: string;
            /** @example Debits and credits differ by 1.00 USD. */
            message: string;
            fields: {
                [key: string]: unknown;
            };
        };
    };
    responses: {
        /** @description Invalid input: validation_error, parse_error, invalid_parameter, unbalanced_entry, …; or tenant_mismatch / tenant_required */
        Error400: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description not_authenticated or authentication_failed (no, unknown, expired or revoked credentials) */
        Error401: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description permission_denied: the role is too low, or a session write without a CSRF token; token_limit_reached */
        Error403: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description not_found, or tenant_not_found (unknown company, or not a member) */
        Error404: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description not_acceptable: an Accept header the endpoint cannot produce */
        Error406: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A state conflict: period_closed, entry_not_draft, account_in_use, idempotency_conflict, ledger_not_seeded, … */
        Error409: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description tenant_archived */
        Error410: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description request_too_large: a body over the upload limit */
        Error413: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description unsupported_media_type: a body other than JSON, form or multipart */
        Error415: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description throttled: too many sign-in attempts; signin_locked: too many failed sign-ins, locked a while */
        Error429: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description tenant_suspended, tenant_provisioning, tenant_maintenance, tenant_read_only, server_unavailable */
        Error503: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    auth_session_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            429: components["responses"]["Error429"];
        };
    };
    auth_session_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialsRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CredentialsRequest"];
                "multipart/form-data": components["schemas"]["CredentialsRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            429: components["responses"]["Error429"];
        };
    };
    auth_session_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            429: components["responses"]["Error429"];
        };
    };
    auth_token_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialsRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CredentialsRequest"];
                "multipart/form-data": components["schemas"]["CredentialsRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            429: components["responses"]["Error429"];
        };
    };
    auth_token_revoke_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            429: components["responses"]["Error429"];
        };
    };
    me_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
        };
    };
    accounts_list: {
        parameters: {
            query?: {
                active?: boolean;
                /** @description Balances as of this date (default today). */
                as_of?: string;
                /** @description Nest accounts under their parents. */
                tree?: boolean;
                type?: "asset" | "equity" | "expense" | "income" | "liability";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    accounts_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountCreateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["AccountCreateRequest"];
                "multipart/form-data": components["schemas"]["AccountCreateRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    accounts_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    accounts_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    accounts_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedAccountUpdateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedAccountUpdateRequest"];
                "multipart/form-data": components["schemas"]["PatchedAccountUpdateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    accounts_deactivate_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    audit_events_list: {
        parameters: {
            query?: {
                action?: string;
                actor_id?: number;
                /** @description The pagination cursor value. */
                cursor?: string;
                object_id?: string;
                object_type?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedAuditEventList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bank_accounts_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BankAccountList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bank_accounts_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BankAccountCreateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["BankAccountCreateRequest"];
                "multipart/form-data": components["schemas"]["BankAccountCreateRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BankAccount"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bank_accounts_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this bank account. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BankAccount"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bank_accounts_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this bank account. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bank_accounts_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this bank account. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedBankAccountUpdateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedBankAccountUpdateRequest"];
                "multipart/form-data": components["schemas"]["PatchedBankAccountUpdateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BankAccount"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bank_accounts_auto_match_create: {
        parameters: {
            query?: {
                /** @description Run as a background job: 202 with the job (see jobs/). */
                background?: boolean;
                /** @description Say what would happen; write nothing. */
                dry_run?: boolean;
            };
            header?: never;
            path: {
                /** @description A unique integer value identifying this bank account. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoMatch"];
                };
            };
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bank_accounts_statements_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this bank account. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bank_accounts_statements_create: {
        parameters: {
            query?: {
                /** @description Run as a background job: 202 with the job (see jobs/). */
                background?: boolean;
            };
            header?: never;
            path: {
                /** @description A unique integer value identifying this bank account. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["StatementUploadRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResult"];
                };
            };
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bank_rules_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BankRule"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bank_rules_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BankRuleRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BankRule"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bank_rules_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this bank rule. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BankRule"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bank_rules_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this bank rule. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bank_rules_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this bank rule. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedBankRuleRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BankRule"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bills_list: {
        parameters: {
            query?: {
                contact?: number;
                /** @description The pagination cursor value. */
                cursor?: string;
                kind?: string;
                /** @description Open and past the due date. */
                overdue?: boolean;
                /** @description Number of results to return per page. */
                page_size?: number;
                /** @description Part of the number or the contact's name. */
                q?: string;
                /** @description draft, issued, partly_paid, paid (comma-separated) */
                status?: string;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedDocumentListList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bills_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeat a create safely: the same key and body return the first result. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DocumentInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["DocumentInRequest"];
                "multipart/form-data": components["schemas"]["DocumentInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bills_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bills_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DocumentInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["DocumentInRequest"];
                "multipart/form-data": components["schemas"]["DocumentInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bills_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    bills_allocate_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AllocateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["AllocateRequest"];
                "multipart/form-data": components["schemas"]["AllocateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bills_credit_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeat a create safely: the same key and body return the first result. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreditRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CreditRequest"];
                "multipart/form-data": components["schemas"]["CreditRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bills_issue_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["IssueRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["IssueRequest"];
                "multipart/form-data": components["schemas"]["IssueRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    bills_pdf_retrieve: {
        parameters: {
            query?: {
                format?: "json" | "pdf";
            };
            header?: never;
            path: {
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    contacts_list: {
        parameters: {
            query?: {
                /** @description Include archived contacts. */
                archived?: boolean;
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
                /** @description Part of the name, tax id or email. */
                q?: string;
                role?: "customer" | "vendor";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedContactList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    contacts_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeat a create safely: the same key and body return the first result. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ContactInRequest"];
                "multipart/form-data": components["schemas"]["ContactInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    contacts_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this contact. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    contacts_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this contact. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedContactInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedContactInRequest"];
                "multipart/form-data": components["schemas"]["PatchedContactInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    contacts_statement_retrieve: {
        parameters: {
            query?: {
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                format?: "csv" | "json";
                /** @description Default: the first of this year. */
                from?: string;
                /** @description Default: customer, unless the contact is only a vendor. */
                party?: "customer" | "vendor";
                /** @description Default: today. */
                to?: string;
            };
            header?: never;
            path: {
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactStatement"];
                    "text/csv": components["schemas"]["ContactStatement"];
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    csv_profiles_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CsvProfile"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    csv_profiles_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CsvProfileRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CsvProfile"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    csv_profiles_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this csv profile. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CsvProfile"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    csv_profiles_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this csv profile. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    csv_profiles_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this csv profile. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedCsvProfileRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CsvProfile"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    document_series_list: {
        parameters: {
            query?: {
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedDocumentSeriesList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    document_series_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SeriesPrefixRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["SeriesPrefixRequest"];
                "multipart/form-data": components["schemas"]["SeriesPrefixRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentSeries"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    events_retrieve: {
        parameters: {
            query?: {
                /** @description The last cursor seen (0: oldest kept). */
                after?: number;
                /** @description Page size, 1 to 1000. */
                limit?: number;
                /** @description Only these types, comma-separated. */
                type?: string;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    exchange_rates_list: {
        parameters: {
            query?: {
                /** @description ISO 4217 code. */
                currency?: string;
                /** @description The pagination cursor value. */
                cursor?: string;
                date_from?: string;
                date_to?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedExchangeRateList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    exchange_rates_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExchangeRateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ExchangeRateRequest"];
                "multipart/form-data": components["schemas"]["ExchangeRateRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExchangeRate"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    export_beancount_retrieve: {
        parameters: {
            query?: {
                format?: "json" | "txt";
                /** @description First entry date; default: the first. */
                from?: string;
                /** @description Last entry date; default: the last. */
                to?: string;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A .beancount file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    export_saf_t_retrieve: {
        parameters: {
            query: {
                /** @description The fiscal year: the calendar year it ends in (2026), its name (FY2025/26) or its id. */
                fiscal_year: string;
                format?: "json" | "xml";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The SAF-T file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/xml": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    fiscal_years_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FiscalYear"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    fiscal_years_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FiscalYearCreateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["FiscalYearCreateRequest"];
                "multipart/form-data": components["schemas"]["FiscalYearCreateRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FiscalYear"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    fiscal_years_close_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this fiscal year. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FiscalYear"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    fiscal_years_reopen_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this fiscal year. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ReasonRequest"];
                "multipart/form-data": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FiscalYear"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    imports_list: {
        parameters: {
            query?: {
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedBookImportList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    imports_create: {
        parameters: {
            query?: {
                /** @description Import in a background job: 202 with the import, queued. */
                background?: boolean;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["BookUploadRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookImport"];
                };
            };
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookImport"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    imports_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this book import. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookImport"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    invoices_list: {
        parameters: {
            query?: {
                contact?: number;
                /** @description The pagination cursor value. */
                cursor?: string;
                kind?: string;
                /** @description Open and past the due date. */
                overdue?: boolean;
                /** @description Number of results to return per page. */
                page_size?: number;
                /** @description Part of the number or the contact's name. */
                q?: string;
                /** @description draft, issued, partly_paid, paid (comma-separated) */
                status?: string;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedDocumentListList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    invoices_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeat a create safely: the same key and body return the first result. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DocumentInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["DocumentInRequest"];
                "multipart/form-data": components["schemas"]["DocumentInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    invoices_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    invoices_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DocumentInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["DocumentInRequest"];
                "multipart/form-data": components["schemas"]["DocumentInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    invoices_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    invoices_allocate_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AllocateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["AllocateRequest"];
                "multipart/form-data": components["schemas"]["AllocateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    invoices_credit_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeat a create safely: the same key and body return the first result. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreditRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CreditRequest"];
                "multipart/form-data": components["schemas"]["CreditRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    invoices_issue_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this document. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["IssueRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["IssueRequest"];
                "multipart/form-data": components["schemas"]["IssueRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    invoices_pdf_retrieve: {
        parameters: {
            query?: {
                format?: "json" | "pdf";
            };
            header?: never;
            path: {
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    invoicing_settings_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoicingSettings"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    invoicing_settings_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedInvoicingSettingsInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedInvoicingSettingsInRequest"];
                "multipart/form-data": components["schemas"]["PatchedInvoicingSettingsInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoicingSettings"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    invoicing_settings_logo_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/*": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    invoicing_settings_logo_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["LogoUploadRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoicingSettings"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    invoicing_settings_logo_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    jobs_list: {
        parameters: {
            query?: {
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedJobList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    jobs_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this job. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    jobs_download_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this job. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    journal_entries_list: {
        parameters: {
            query?: {
                /** @description Account code. */
                account?: string;
                /** @description The pagination cursor value. */
                cursor?: string;
                date_from?: string;
                date_to?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
                /** @description Text in memo, reference or line descriptions. */
                q?: string;
                reference?: string;
                /**
                 * @description * `draft` - Draft
                 *     * `posted` - Posted
                 *     * `reversed` - Reversed
                 */
                status?: "draft" | "posted" | "reversed";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedEntryOutList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    journal_entries_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeat a create safely: the same key and body return the first entry. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EntryInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["EntryInRequest"];
                "multipart/form-data": components["schemas"]["EntryInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryOut"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryOut"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    journal_entries_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this journal entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryOut"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    journal_entries_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this journal entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EntryUpdateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["EntryUpdateRequest"];
                "multipart/form-data": components["schemas"]["EntryUpdateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryOut"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    journal_entries_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this journal entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    journal_entries_post_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this journal entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryOut"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    journal_entries_reverse_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this journal entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReverseRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ReverseRequest"];
                "multipart/form-data": components["schemas"]["ReverseRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryOut"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    members_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    members_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberCreateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["MemberCreateRequest"];
                "multipart/form-data": components["schemas"]["MemberCreateRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    members_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this membership. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    members_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this membership. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedMemberUpdateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedMemberUpdateRequest"];
                "multipart/form-data": components["schemas"]["PatchedMemberUpdateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    payments_list: {
        parameters: {
            query?: {
                contact?: number;
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description With an unallocated amount. */
                open?: boolean;
                /** @description Number of results to return per page. */
                page_size?: number;
                party?: "customer" | "vendor";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedPaymentList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    payments_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeat a create safely: the same key and body return the first result. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PaymentInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PaymentInRequest"];
                "multipart/form-data": components["schemas"]["PaymentInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payment"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payment"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    payments_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this payment. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payment"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    payments_allocate_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this payment. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AllocateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["AllocateRequest"];
                "multipart/form-data": components["schemas"]["AllocateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payment"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    periods_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FiscalPeriod"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    periods_close_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this fiscal period. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FiscalPeriod"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    periods_reopen_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this fiscal period. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ReasonRequest"];
                "multipart/form-data": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FiscalPeriod"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    recurring_entries_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecurringEntry"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    recurring_entries_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecurringEntryRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecurringEntry"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    recurring_entries_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this recurring entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecurringEntry"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    recurring_entries_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this recurring entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedRecurringEntryRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecurringEntry"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    recurring_entries_occurrences_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this recurring entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Occurrence"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    recurring_entries_pause_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this recurring entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecurringEntry"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    recurring_entries_resume_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this recurring entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecurringEntry"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    recurring_entries_run_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this recurring entry. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecurringRun"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    recurring_entries_preview_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchedulePreviewInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleDates"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    reports_aged_payables_retrieve: {
        parameters: {
            query?: {
                /** @description Default: today. */
                as_of?: string;
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                /** @description One contact, with its open items. */
                contact?: number;
                format?: "csv" | "json";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Aging"];
                    "text/csv": components["schemas"]["Aging"];
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    reports_aged_receivables_retrieve: {
        parameters: {
            query?: {
                /** @description Default: today. */
                as_of?: string;
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                /** @description One contact, with its open items. */
                contact?: number;
                format?: "csv" | "json";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Aging"];
                    "text/csv": components["schemas"]["Aging"];
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    reports_balance_sheet_retrieve: {
        parameters: {
            query?: {
                /** @description Default: today. */
                as_of?: string;
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                format?: "csv" | "json";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Report"];
                    "text/csv": components["schemas"]["Report"];
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    reports_bank_reconciliation_retrieve: {
        parameters: {
            query: {
                /** @description Default: today. */
                as_of?: string;
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                bank_account: number;
                format?: "csv" | "json";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "text/csv": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    reports_general_ledger_retrieve: {
        parameters: {
            query: {
                /** @description Account code. */
                account: string;
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                format?: "csv" | "json";
                from: string;
                to: string;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneralLedger"];
                    "text/csv": components["schemas"]["GeneralLedger"];
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    reports_income_statement_retrieve: {
        parameters: {
            query: {
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                format?: "csv" | "json";
                from: string;
                to: string;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Report"];
                    "text/csv": components["schemas"]["Report"];
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    reports_monthly_retrieve: {
        parameters: {
            query: {
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                format?: "csv" | "json";
                from: string;
                to: string;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Monthly"];
                    "text/csv": components["schemas"]["Monthly"];
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    reports_tax_return_retrieve: {
        parameters: {
            query: {
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                /** @description Answer the lines behind this box. */
                box?: string;
                format?: "csv" | "json";
                from: string;
                /** @description Lines per page (1000, at most 10000). */
                limit?: number;
                /** @description With box: lines to skip. */
                offset?: number;
                scheme: "de-ustva" | "eu-rates" | "per-code" | "uk-vat";
                to: string;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The boxes; with ?box=, the lines behind that box. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaxReturnAnswer"];
                    "text/csv": components["schemas"]["TaxReturnAnswer"];
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    reports_trial_balance_retrieve: {
        parameters: {
            query?: {
                /** @description Default: today. */
                as_of?: string;
                /** @description With format=csv: make the CSV in a background job; 202 with the job, whose download_url gives the file once it has succeeded (see jobs/). */
                background?: boolean;
                format?: "csv" | "json";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrialBalance"];
                    "text/csv": components["schemas"]["TrialBalance"];
                };
            };
            /** @description background=true: the export's job. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    revaluations_list: {
        parameters: {
            query?: {
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedRevaluationList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    revaluations_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevaluationInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["RevaluationInRequest"];
                "multipart/form-data": components["schemas"]["RevaluationInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Revaluation"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Revaluation"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    revaluations_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this revaluation. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Revaluation"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    revaluations_preview_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevaluationInRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["RevaluationInRequest"];
                "multipart/form-data": components["schemas"]["RevaluationInRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevaluationPreview"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_list: {
        parameters: {
            query?: {
                bank_account?: number;
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description from */
                date_from?: string;
                /** @description to */
                date_to?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
                statement?: number;
                /**
                 * @description * `unmatched` - Unmatched
                 *     * `matched` - Matched
                 *     * `ignored` - Ignored
                 */
                status?: "ignored" | "matched" | "unmatched";
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedStatementLineList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this statement line. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementLine"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_create_entry_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this statement line. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEntryRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementLine"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_create_rule_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this statement line. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleFromLineRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BankRule"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_document_suggestions_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentSuggestionList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_ignore_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this statement line. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IgnoreRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementLine"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_match_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this statement line. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MatchRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementLine"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_settle_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SettleRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementLineSettled"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_suggestions_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this statement line. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuggestionList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    statement_lines_unmatch_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this statement line. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementLine"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    statements_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this statement. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Statement"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    statements_reconcile_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this statement. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Statement"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    tax_codes_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaxCode"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    tax_returns_list: {
        parameters: {
            query?: {
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedTaxReturnList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    tax_returns_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repeat a filing safely: the same key and body return the first return. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaxReturnFileRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaxReturn"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaxReturn"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    tax_returns_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this tax return. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaxReturn"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    tax_schemes_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scheme"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    tax_schemes_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scheme"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    tax_schemes_mapping_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MappingRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scheme"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    webhooks_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Endpoint"][];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    webhooks_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EndpointCreateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["EndpointCreateRequest"];
                "multipart/form-data": components["schemas"]["EndpointCreateRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointWithSecret"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    webhooks_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this webhook endpoint. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Endpoint"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    webhooks_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this webhook endpoint. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    webhooks_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this webhook endpoint. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedEndpointUpdateRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedEndpointUpdateRequest"];
                "multipart/form-data": components["schemas"]["PatchedEndpointUpdateRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Endpoint"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    webhooks_deliveries_list: {
        parameters: {
            query?: {
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path: {
                /** @description A unique integer value identifying this webhook endpoint. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedDeliveryList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            503: components["responses"]["Error503"];
        };
    };
    webhooks_deliveries_replay_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
                /** @description A unique integer value identifying this webhook endpoint. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    webhooks_replay_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this webhook endpoint. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplayRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ReplayRequest"];
                "multipart/form-data": components["schemas"]["ReplayRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Replayed"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
    webhooks_rotate_secret_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this webhook endpoint. */
                id: number;
                tenant_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointWithSecret"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            406: components["responses"]["Error406"];
            409: components["responses"]["Error409"];
            410: components["responses"]["Error410"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            503: components["responses"]["Error503"];
        };
    };
}
