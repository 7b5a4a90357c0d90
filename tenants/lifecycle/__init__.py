"""A company's life: register, create, seed, suspend, archive, back up, move, restore, drop; its
database frozen while it is not active; its members. Commands and admin actions call services.py."""
