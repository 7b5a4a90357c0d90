"""A bank statement line settles open documents: suggestions of the documents a line pays, and
the action that records the payment and matches the line to it in one transaction.

This is the glue between the bank and sales and purchases. It lives here, not in `bank`, because
invoicing already depends on bank (its serializers) and the graph must stay acyclic: bank knows
nothing of documents. Auto-match reaches it through the pass invoicing registers with
`bank.services.automatch.register_pass` when the app is ready.
"""
