"""Webhooks: endpoints owners register, deliveries fanned out from the outbox and sent signed."""
